export { AuditTrail, type AuditQuery, type AuditTrailOptions } from './audit-trail.ts';
export { auditedHandlers, describeInput, isMutatingChannel } from './audited-handlers.ts';
