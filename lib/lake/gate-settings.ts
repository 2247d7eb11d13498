import { gateSettingsSchema } from "./manifest";

/**
 * What an admin saves as the quality gate's thresholds (PUT /api/admin/settings/quality-gate, and the
 * stored setting): the manifest's own thresholds, nothing else. A file of its own so the Lambda
 * bundles, which carry the manifest, stay as they are.
 */
export const gateSettingsInput = gateSettingsSchema.strict();
