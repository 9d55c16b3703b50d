// The app refuses to start while a flow names an action nobody handles, whatever the feature list,
// and a feature registers only the actions it declares (what flows:check trusts).
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { declareFeature } from '../src/core/feature.js';
import { FEATURE_ACTIONS, FEATURES } from '../src/features.js';
import { realContent } from './support/real-content.js';
import { connectRedis, newPrefix } from './support/redis.js';

const redis = connectRedis();
afterAll(() => redis.disconnect());
const log = pino({ level: 'silent' });
const config = loadConfig({ REDIS_PREFIX: newPrefix(), LOG_LEVEL: 'silent' });

describe('actions named by flows', () => {
  it('refuses a feature list that leaves a flow action without a handler, naming the action and the flow', () => {
    expect(() => createApp({ config, content: realContent(), redis, log, features: FEATURES.filter((f) => f.declaration?.name !== 'rights') })).toThrow(/rights\.suggest \(flow droits\)/);
  });

  it('refuses a feature that registers an action it does not declare', () => {
    const sneaky = declareFeature({ name: 'sneaky', actions: [] }, () => ({ name: 'sneaky', actions: { 'sneaky.do': async () => ({}) } }));
    expect(() => createApp({ config, content: realContent(), redis, log, features: [...FEATURES, sneaky] })).toThrow(/registers the action "sneaky.do" it does not declare/);
  });

  it('declares every action the shipped flows use', () => {
    const used = [...realContent().flows.values()].flatMap((f) => [...f.steps.values()].flatMap((s) => (s.type === 'action' ? [s.action] : [])));
    for (const action of used) expect(FEATURE_ACTIONS.has(action), action).toBe(true);
  });
});
