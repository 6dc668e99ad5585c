import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { auditDenial } from '@internal/plugin-audit-node';
import { rcaAnalysisCreatePermission } from '@internal/plugin-rca-common';
import {
  kubernetesSelectorOf,
  type NamespaceGate,
} from '@internal/plugin-rca-node';
import type express from 'express';
import { randomUUID } from 'node:crypto';
import type { AnalysisRunner } from './AnalysisRunner';
import type {
  AnalysisRecord,
  AnalysisStore,
  StoredRequest,
} from './AnalysisStore';
import {
  type AnalysisRequestOptions,
  DEFAULT_ANALYSIS_REQUEST_OPTIONS,
} from './analysisRequestOptions';
import {
  type NormalizedAnalysisRequest,
  normalizeAnalysisRequest,
} from './normalizeAnalysisRequest';
import type { CanReadAnalysis } from './readChecks';
import type { RequesterScope } from './RequesterScope';

export interface AnalysisServiceOptions {
  store: AnalysisStore;
  runner: Pick<AnalysisRunner, 'enqueue'>;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  /** The namespace gate of a requester (kubernetes.namespace.read), checked before accepting. */
  gateFor?: (
    credentials: BackstageCredentials,
    request?: express.Request,
  ) => NamespaceGate;
  /** What is accepted (`rca.analyzableKinds`, `rca.maxWindow*`). Default: the documented defaults. */
  requestOptions?: AnalysisRequestOptions;
  /**
   * Whether the caller may read the analysis already under way for its incident.
   * Absent: everyone may. False: 403, and the analysis is not revealed.
   */
  canReadAnalysis?: CanReadAnalysis;
}

/** A stored analysis: just queued (`existing: false`) or the incident's earlier one. */
export interface AcceptedAnalysis {
  record: AnalysisRecord;
  existing: boolean;
}

/**
 * Accepts analysis requests (POST /v1/analyses): normalise, authorise, preflight, dedupe, enqueue.
 * Each step throws the error the caller gets; nothing is stored before the dedupe step.
 */
export class AnalysisService {
  readonly #o: AnalysisServiceOptions;
  readonly #requestOptions: AnalysisRequestOptions;

  constructor(options: AnalysisServiceOptions) {
    this.#o = options;
    this.#requestOptions =
      options.requestOptions ?? DEFAULT_ANALYSIS_REQUEST_OPTIONS;
  }

  /** Queues an analysis of the request `body` for an authenticated caller, or finds the incident's. */
  async create(
    body: unknown,
    credentials: BackstageCredentials,
    request: express.Request,
    origin?: StoredRequest['origin'],
  ): Promise<AcceptedAnalysis> {
    const normalized = this.normalise(body);
    // Only the caller in the backend says where a request came from, never its body.
    normalized.request = { ...normalized.request, origin };
    await this.authorise(normalized.entityRef, credentials, request);
    const scope = await this.preflight(
      normalized.entityRef,
      credentials,
      request,
    );
    const accepted = await this.dedupe(normalized, credentials, scope);
    if (!accepted.existing)
      await this.enqueue(accepted.record, credentials, request);
    return accepted;
  }

  /** Checks the body before any catalog call; 400 naming the field at fault. */
  normalise(body: unknown): NormalizedAnalysisRequest {
    return normalizeAnalysisRequest(body, this.#requestOptions);
  }

  /** `rca.analysis.create` on the entity; a denial is audited. */
  async authorise(
    entityRef: string,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<void> {
    const [decision] = await this.#o.permissions.authorize(
      [{ permission: rcaAnalysisCreatePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw await auditDenial(this.#o.auditor, {
        eventId: 'analysis-create',
        permission: rcaAnalysisCreatePermission.name,
        message: `You are not allowed to analyse ${entityRef} (rca.analysis.create)`,
        request,
        resourceRef: entityRef,
      });
  }

  /**
   * The entity as the caller sees it (404 when absent), and its namespaces before anything is
   * collected: none visible is a 403 (audited per namespace); some visible, and the analysis covers
   * those and lists the rest as gaps. Returns the namespaces allowed, stored with the analysis
   * for a replica that takes it over; undefined without a namespace gate.
   */
  async preflight(
    entityRef: string,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<RequesterScope | undefined> {
    const entity = await this.#o.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );
    const gate = this.#o.gateFor?.(credentials, request);
    if (!gate) return undefined;
    const preflight = await gate.preflight({
      entityRef,
      entity,
      role: 'target',
      depth: 0,
      kubernetes: kubernetesSelectorOf(entity),
    });
    if (preflight.checked && !preflight.allowed.length)
      throw (
        preflight.denied[0].error ??
        new NotAllowedError(`You may not see any namespace of ${entityRef}`)
      );
    return {
      allowed: preflight.allowed.map(({ cluster, namespace }) => ({
        cluster,
        namespace,
      })),
      resolvedAt: new Date().toISOString(),
    };
  }

  /**
   * One analysis per incident key: a queued, running or completed one is answered with (if the
   * caller may read it), a failed one is queued again under its id, otherwise a new one is stored.
   */
  async dedupe(
    { entityRef, incidentKey, request }: NormalizedAnalysisRequest,
    credentials: BackstageCredentials,
    requesterScope?: RequesterScope,
  ): Promise<AcceptedAnalysis> {
    const { store } = this.#o;
    const createdBy = principalRef(credentials);
    const existing = await store.getByIncidentKey(incidentKey);
    if (existing && existing.status !== 'failed')
      return this.#existing(credentials, existing);
    if (existing) {
      if (
        !(await store.requeue(existing.id, request, createdBy, requesterScope))
      )
        return this.#existing(credentials, (await store.get(existing.id))!);
      return { record: (await store.get(existing.id))!, existing: false };
    }
    const now = new Date().toISOString();
    const candidate: AnalysisRecord = {
      id: randomUUID(),
      incidentKey,
      entityRef,
      status: 'queued',
      request,
      progress: [],
      links: {},
      createdBy,
      requesterScope,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await store.insert(candidate))) {
      // Lost a race with an identical request: answer with the winner.
      const winner = (await store.getByIncidentKey(incidentKey))!;
      return this.#existing(credentials, winner);
    }
    return { record: candidate, existing: false };
  }

  /** Hands the stored analysis to the runner (503 while stopping) and audits the creation. */
  async enqueue(
    record: AnalysisRecord,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<void> {
    this.#o.runner.enqueue(record, credentials);
    const event = await this.#o.auditor.createEvent({
      eventId: 'analysis-create',
      severityLevel: 'medium',
      request,
      meta: {
        permission: rcaAnalysisCreatePermission.name,
        resourceRef: record.entityRef,
      },
    });
    await event.success({ meta: { analysisId: record.id } });
  }

  /** The analysis already under way for the incident, if the caller may read it (nothing of it otherwise). */
  async #existing(
    credentials: BackstageCredentials,
    record: AnalysisRecord,
  ): Promise<AcceptedAnalysis> {
    const { canReadAnalysis } = this.#o;
    if (canReadAnalysis && !(await canReadAnalysis(credentials, record)))
      throw new NotAllowedError(
        'An analysis of this incident already exists and you may not read it',
      );
    return { record, existing: true };
  }
}

function principalRef(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.userEntityRef) return principal.userEntityRef;
  return principal.type === 'service' ? principal.subject : undefined;
}
