import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the audit trail (`GET /api/audit/v1/events`). Meant for administrators: the trail names
 * every user and what they did.
 *
 * @public
 */
export const auditEventsReadPermission = createPermission({
  name: 'audit.events.read',
  attributes: { action: 'read' },
});

/** @public */
export const auditPermissions = [auditEventsReadPermission];
