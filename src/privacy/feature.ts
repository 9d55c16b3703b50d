// "Mes données" and "oubli": the person sees what is kept about them and can erase it all.
import { declareFeature, type Feature, type FeatureDeps, type FeatureFactory, type PersonalData } from '../core/feature.js';
import { privacyStage } from './stage.js';
import { erasePerson } from './erase.js';

export const PRIVACY_ACTIONS = ['privacy.describe', 'privacy.erase'] as const;

export const privacyFeature: FeatureFactory = declareFeature({ name: 'privacy', actions: PRIVACY_ACTIONS }, (deps) => createPrivacyFeature(deps));

function createPrivacyFeature(deps: FeatureDeps): Feature {
  const { config, content, redis } = deps;
  if (!content.flows.has('donnees') || !content.texts.fr.has('privacy.notice')) {
    throw new Error('the privacy feature needs flows/donnees.yaml and locales/<lang>/privacy.yaml');
  }
  const sessionData: PersonalData = {
    async describe(address, t) {
      const exists = await redis.exists(`${config.REDIS_PREFIX}:session:${address.channel}:${address.userId}`);
      return exists ? [t('privacy.kept.session', { days: config.SESSION_TTL_DAYS })] : [];
    },
    async erase() {
      // The sweep in erasePerson removes the session key.
    },
  };
  return {
    name: 'privacy',
    stages: [privacyStage(content.texts)],
    personalData: sessionData,
    actions: {
      'privacy.describe': async ({ address, t }) => {
        const lines: string[] = [];
        for (const part of deps.personalData()) lines.push(...(await part.describe(address, t)));
        const text = [t('privacy.summary_title'), ...lines.map((l) => `• ${l}`), t('privacy.summary_end')].join('\n');
        return { messages: [{ text }] };
      },
      'privacy.erase': async ({ address, log, t }) => {
        const { removed, incomplete } = await erasePerson(redis, config.REDIS_PREFIX, address, deps.personalData());
        log.info({ channel: address.channel, keys: removed, incomplete: incomplete.length }, 'person erased on request');
        deps.usage.count({ kind: 'privacy.forget' });
        // Never "everything is erased" when something is not: the person reads what is left.
        if (incomplete.length > 0) return { forgotten: true, outcome: 'incomplete', messages: incomplete.map((key) => ({ text: t(key) })) };
        return { forgotten: true };
      },
    },
  };
}
