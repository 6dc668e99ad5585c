/*
 * The RCA suite's backend: Backstage core plugins plus the suite's own modules under plugins/.
 */

import { createBackend } from '@backstage/backend-defaults';
import { auditRootLoggerServiceFactory } from '@internal/plugin-audit-backend';
import { startMetrics } from './instrumentation';

startMetrics();

const backend = createBackend();

// audit: one pipeline for the auditor events of every plugin and every /api call (redacted,
// outbox in the database, shipped to VictoriaLogs when audit.victoriaLogs is set)
backend.add(import('@internal/plugin-audit-backend'));
// the root logger behind the audit Redactor: no log line (the HTTP access log included) prints a
// secret from a URL, message or field
backend.add(auditRootLoggerServiceFactory);

// events: the bus between plugins and, on PostgreSQL, between replicas (its table and LISTEN/NOTIFY),
// so a report published on one replica refreshes the shared catalog and notifies the owner once
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for local use (see app-config.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// ZITADEL sign-in (auth.providers.zitadel): project roles become group memberships
backend.add(import('@internal/plugin-auth-backend-module-zitadel-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// ZITADEL users, roles and grants as Users and Groups (catalog.providers.zitadel)
backend.add(import('@internal/plugin-catalog-backend-module-zitadel'));
// committed RCA reports as Resource entities, refreshed right after each publication
backend.add(import('@internal/plugin-catalog-backend-module-rca-reports'));

// scaffolder, with the rca:analyze action
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@internal/plugin-scaffolder-backend-module-rca'));

// rca: analyses, reports and their Git publication (/api/rca)
backend.add(import('@internal/plugin-rca-backend'));
// its built-in sources (Kubernetes, VictoriaMetrics, VictoriaLogs, k8sgpt) and rules, added through
// rcaEngineExtensionPoint like any other module; the plugin does not start without it
backend.add(import('@internal/plugin-rca-backend-module-builtins'));
// its actions (analyze-incident, get-analysis, list-incidents) in the actions registry, served to
// MCP clients as the signed-in user by the MCP actions backend (/api/mcp-actions/v1)
backend.add(import('@internal/plugin-rca-backend-module-actions'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// notifications (the owner of an entity hears when an alert-started report is ready) and signals,
// which pushes them to the open UI
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// permissions: the namespace policy is the backend's only policy (permission.k8sNamespacePolicy)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@internal/plugin-permission-backend-module-k8s-namespace-policy'),
);

// kubernetes, with kubernetes.namespace.read enforced on the proxy and the workloads queries
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(
  import('@internal/plugin-kubernetes-backend-module-namespace-guard'),
);

backend.start();
