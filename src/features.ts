// The features of the service, in order (the contract they follow is src/core/feature.ts).
import { privacyFeature } from './privacy/feature.js';
import { telegramFeature } from './channels/telegram/feature.js';
import { whatsappFeature } from './channels/whatsapp/feature.js';
import { whatsappCloudFeature } from './channels/whatsapp-cloud/feature.js';
import { rightsFeature } from './rights/feature.js';
import { remindersFeature } from './reminders/feature.js';
import { handoffFeature } from './handoff/feature.js';
import type { FeatureFactory } from './core/feature.js';

/** WhatsApp by WHATSAPP_MODE: whatsapp-web.js (web, the default for a pilot) or the Cloud API. */
const whatsappByMode: FeatureFactory = (deps) => (deps.config.WHATSAPP_MODE === 'cloud' ? whatsappCloudFeature(deps) : whatsappFeature(deps));

export type { Feature, FeatureDeps, FeatureFactory, PersonalData } from './core/feature.js';

/** The features of the service, in order. Add a feature's factory here. */
export const FEATURES: FeatureFactory[] = [privacyFeature, telegramFeature, whatsappByMode, rightsFeature, remindersFeature, handoffFeature];

/** Every action the flows may name: the app's own and each feature's (checked by flows:check). */
export const FEATURE_ACTIONS: ReadonlySet<string> = new Set(['locale.set', ...FEATURES.flatMap((f) => f.declaration?.actions ?? [])]);
