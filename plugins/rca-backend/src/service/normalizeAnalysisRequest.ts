import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  analysisRequestSchema,
  describeSchemaError,
  quoteInput,
  type ResolvedWindow,
  resolveWindow,
} from '@internal/plugin-rca-common';
import { redactSecrets } from '@internal/plugin-rca-node';
import type { StoredRequest } from './AnalysisStore';
import type { AnalysisRequestOptions } from './analysisRequestOptions';

/** A POST /v1/analyses body, checked and in the form the store keeps. */
export interface NormalizedAnalysisRequest {
  /** Canonical `kind:namespace/name`. */
  entityRef: string;
  window: ResolvedWindow;
  /** Always starts with the entity ref, so one entity's request never matches another's analysis. */
  incidentKey: string;
  request: StoredRequest;
}

const validator = makeValidator();
const EXAMPLE = 'e.g. component:default/payments';

/** The caller's entity ref, parsed and checked like the catalog would, before any catalog call. */
export function analyzableEntityRef(
  raw: string,
  analyzableKinds: string[],
): string {
  let ref;
  try {
    ref = parseEntityRef(raw, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `entityRef: expected [kind:][namespace/]name, ${EXAMPLE}; got ${quoteInput(
        raw,
      )}`,
    );
  }
  const { kind, namespace, name } = ref;
  const allowed = analyzableKinds.map(k => k.toLocaleLowerCase('en-US'));
  if (!allowed.includes(kind.toLocaleLowerCase('en-US')))
    throw new InputError(
      `entityRef: kind ${quoteInput(
        kind,
      )} cannot be analysed; expected one of ${analyzableKinds.join(', ')}`,
    );
  if (!validator.isValidNamespace(namespace))
    throw new InputError(
      `entityRef: ${quoteInput(
        namespace,
      )} is not a valid namespace (lowercase letters, digits and -, at most 63 characters)`,
    );
  if (!validator.isValidEntityName(name))
    throw new InputError(
      `entityRef: ${quoteInput(
        name,
      )} is not a valid entity name (letters, digits, -, _ and ., at most 63 characters)`,
    );
  return stringifyEntityRef(ref);
}

const minute = (iso: string) => iso.slice(0, 16);

/**
 * Checks a POST /v1/analyses body against the request schema and `options`, and scopes the
 * incident key to the entity. Throws an InputError naming the field at fault.
 */
export function normalizeAnalysisRequest(
  body: unknown,
  options: AnalysisRequestOptions,
  now: Date = new Date(),
): NormalizedAnalysisRequest {
  const parsed = analysisRequestSchema.safeParse(body);
  if (!parsed.success) throw new InputError(describeSchemaError(parsed.error));
  const input = parsed.data;
  const entityRef = analyzableEntityRef(
    input.entityRef,
    options.analyzableKinds,
  );
  let window: ResolvedWindow;
  try {
    window = resolveWindow(input.window, now, {
      maxWindowMs: options.maxWindowMs,
      maxAgeMs: options.maxWindowAgeMs,
    });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  // `#` and `|` cannot occur in an entity ref, so a caller key never equals a default key.
  const incidentKey = input.incidentKey
    ? `${entityRef}#${input.incidentKey}`
    : `${entityRef}|${minute(window.from)}|${minute(window.to)}`;
  return {
    entityRef,
    window,
    incidentKey,
    // Pasted secrets never reach the analyses table or the API answers.
    request: {
      ...input,
      entityRef,
      window,
      ...(input.title ? { title: redactSecrets(input.title) } : {}),
      ...(input.notes ? { notes: redactSecrets(input.notes) } : {}),
    },
  };
}
