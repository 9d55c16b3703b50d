// The "a person to talk to" feature: the teams (flows/data/teams.yaml: Promeneurs du Net for young
// people, the reception for adults), `handoff.prepare` / `handoff.request`, the crisis / "owned" /
// "quelqu'un" stages, the crisis reply at arrival and its staff alert job (src/crisis/), who is on
// duty, and the sweep of timed work. The staff consoles are attached at start: one Telegram forum
// supergroup per staff chat setting in use, when the Telegram channel runs (or one given by a test).
import { join } from 'node:path';
import { Counter, Histogram } from 'prom-client';
import { ConfigError } from '../core/errors.js';
import type { Address } from '../core/message.js';
import type { CrisisData } from '../crisis/data.js';
import { hasText, translate } from '../i18n/locales.js';
import { formatDataError } from '../data/load-yaml.js';
import { declareFeature, type Feature, type FeatureDeps, type FeatureFactory } from '../core/feature.js';
import { crisisHelpAction } from '../crisis/actions.js';
import { CrisisAlerts } from '../crisis/alerts.js';
import { loadCrisisDataIn } from '../crisis/check.js';
import { CrisisResponder, type StaffPort } from '../crisis/responder.js';
import { crisisStage } from '../crisis/stage.js';
import { HandoffService } from './service.js';
import type { StaffConsole } from '../core/staff-console.js';
import { ConsoleSet, type StaffGroup } from './console-set.js';
import { DutyRoster } from './duty.js';
import { TopicFlood } from './topic-flood.js';
import { mediaOfferStage, ownedGateStage, someoneStage } from './stages.js';
import { loadTeams, type Teams } from './teams.js';
import { HandoffStore } from './state.js';
import { prepareAction, requestAction } from './actions.js';

export interface HandoffFeatureOptions {
  /** Builds the staff groups once the channels run; empty = no person reachable. */
  consoles?: (service: HandoffService, deps: FeatureDeps) => Promise<StaffGroup[]>;
  /** Called with the service once built (tests drive tick() and read records through it). */
  onService?: (service: HandoffService) => void;
  /** The handoff's clock (presence hours, schedules); tests fix it. */
  clock?: () => Date;
}

export const HANDOFF_ACTIONS = ['handoff.prepare', 'handoff.request', 'crisis.help'] as const;

export function createHandoffFeature(opts: HandoffFeatureOptions = {}): FeatureFactory {
  return declareFeature({ name: 'handoff', actions: HANDOFF_ACTIONS }, (deps) => {
    const { config, content, redis, log } = deps;
    const dataDir = join(config.FLOWS_DIR, 'data');
    const teams = loadTeams(join(dataDir, 'teams.yaml'));
    const crisis = loadCrisisDataIn(dataDir);
    const errors = [...teams.errors, ...crisis.errors];
    if (!teams.teams || !crisis.data || errors.length > 0) throw new ConfigError(errors.map(formatDataError).join('\n'));
    const teamSet = teams.teams;
    for (const team of teamSet.values()) {
      if (!content.flows.has(team.flow)) log.warn({ team: team.id, flow: team.flow }, 'a team names a flow that does not exist: nobody can ask for it');
    }
    const store = new HandoffStore(redis, config.REDIS_PREFIX);
    const duty = new DutyRoster(redis, config.REDIS_PREFIX, config.STAFF_DUTY_HOURS);
    const flood = new TopicFlood(redis, config.REDIS_PREFIX, config.STAFF_TOPIC_MAX_PER_MINUTE, 60);
    // Read from Redis at scrape time, so every instance reports the same (use max() across them).
    deps.metrics.gaugeOnScrape('passerelle_handoff_waiting', 'Conversations waiting for an educator', async () => (await store.waitingStats()).count);
    deps.metrics.gaugeOnScrape('passerelle_handoff_oldest_waiting_seconds', 'How long the longest-waiting conversation has waited for an educator (0 when none)', async () => {
      const { oldest } = await store.waitingStats();
      return oldest ? Math.max(0, ((opts.clock?.() ?? new Date()).getTime() - oldest.getTime()) / 1000) : 0;
    });
    const waitedUntilTaken = new Histogram({
      name: 'passerelle_handoff_wait_seconds',
      help: 'Time from asking for an educator to an educator taking the conversation (nights and weekends included)',
      buckets: [60, 300, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400, 259_200],
      registers: [deps.metrics.registry],
    });
    const service = new HandoffService({
      store,
      sender: deps.router,
      texts: content.texts,
      teams: teamSet,
      duty,
      flood,
      timeZone: config.BOT_TIMEZONE,
      staffLocale: config.DEFAULT_LOCALE,
      noAnswerMinutes: config.HANDOFF_NO_ANSWER_MINUTES,
      retentionDays: config.HANDOFF_RETENTION_DAYS,
      log: log.child({ module: 'handoff' }),
      sessionAgeBand: async (address) => {
        const band = (await deps.conversations().peek(address))?.vars.age_band;
        return typeof band === 'string' ? band : undefined;
      },
      backToMenu: (address) => deps.conversations().inject(address, { kind: 'enter-flow', flowId: 'menu' }),
      ...(opts.clock ? { clock: opts.clock } : {}),
      onTaken: (seconds) => waitedUntilTaken.observe(seconds),
      usage: deps.usage,
    });
    opts.onService?.(service);
    deps.metrics.labelledGaugeOnScrape('passerelle_staff_on_duty', 'People on duty (said /present, not yet /absent or expired), per team', 'team', () => service.onDutyCounts());
    const { responder, alerts, staff } = crisisParts(service, crisis.data, deps, opts.clock);
    // Content without the crisis texts (some test fixtures) gets no crisis reply.
    const crisisOn = hasText(content.texts, 'crisis.tu.intro.suicide');
    // "No answer yet" updates and erasure after retention: a BullMQ job scheduler, once per period.
    deps.maintenance.every('handoff-sweep', config.HANDOFF_SWEEP_SECONDS, () => service.tick());
    const feature: Feature = {
      name: 'handoff',
      actions: {
        'handoff.prepare': prepareAction(service, config.HANDOFF_RETENTION_DAYS, teamSet),
        'handoff.request': requestAction(service, teamSet),
        'crisis.help': crisisHelpAction({ data: crisis.data, texts: content.texts, timeZone: config.BOT_TIMEZONE, staff, usage: deps.usage }),
      },
      personalData: {
        async describe(address, t) {
          return (await service.record(address)) ? [t('promeneurs.data.kept', { days: config.HANDOFF_RETENTION_DAYS })] : [];
        },
        erase: async (address) => {
          await alerts.forget(address);
          return (await service.forget(address)) ? undefined : { incomplete: 'privacy.incomplete.staff_topic' };
        },
      },
      health: async () => ({ onDuty: await service.onDutyCounts() }),
      arrival: crisisOn ? [(inbound) => responder.onArrival(inbound)] : [],
      stages: [
        ...(crisisOn ? [crisisStage({ responder, staffAvailable: () => service.available, withPerson: (address) => withPerson(service, address) })] : []),
        ownedGateStage(service, content.words),
        someoneStage(content.flows, content.texts, teamSet),
        mediaOfferStage(service, content.flows, (what) => translate(content.texts, config.DEFAULT_LOCALE, `promeneurs.staff.kinds.${what}`)),
      ],
      async start() {
        const groups = await (opts.consoles ?? defaultConsoles(teamSet))(service, deps);
        service.attachConsoles(new ConsoleSet(groups));
        if (!service.available) log.info('no staff group: requests for a person will answer "unavailable"');
        for (const group of groups) {
          await group.console.showDuty(await service.actionsFor(group).dutyCard()).catch((err: unknown) => log.warn({ err }, 'duty card not shown'));
        }
        alerts.start((alert) => service.alertStaff(alert));
      },
      async stop() {
        await alerts.close();
        service.attachConsoles(undefined);
      },
    };
    return feature;
  });
}

/** The crisis reply at arrival, its staff alert job, and what they ask of the handoff service. */
function crisisParts(service: HandoffService, data: CrisisData, deps: FeatureDeps, clock: (() => Date) | undefined): { responder: CrisisResponder; alerts: CrisisAlerts; staff: StaffPort } {
  const { config, content, redis, log } = deps;
  const alerts = new CrisisAlerts({ redis, prefix: config.REDIS_PREFIX, log: log.child({ module: 'crisis-alerts' }) });
  const staff: StaffPort = {
    available: () => service.available,
    ageBand: async (address) => (await service.record(address))?.ageBand,
    alert: (alert) => alerts.enqueue(alert),
  };
  const replies = new Counter({ name: 'passerelle_crisis_replies_total', help: 'Crisis replies sent, by category', labelNames: ['category'], registers: [deps.metrics.registry] });
  const replyTime = new Histogram({
    name: 'passerelle_crisis_reply_seconds',
    help: 'Time from a message with crisis words arriving to its help numbers being sent',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [deps.metrics.registry],
  });
  const responder = new CrisisResponder({
    data,
    texts: content.texts,
    sender: deps.router,
    timeZone: config.BOT_TIMEZONE,
    defaultLocale: config.DEFAULT_LOCALE,
    redis,
    prefix: config.REDIS_PREFIX,
    log: log.child({ module: 'crisis' }),
    peek: (address) => deps.conversations().peek(address),
    staff,
    ...(clock ? { clock } : {}),
    onReplied: (categories, ms) => {
      // Counted once the numbers are sent: nothing stands before them.
      for (const category of categories) {
        replies.inc({ category });
        deps.usage.count({ kind: 'crisis.reply', label: category });
      }
      replyTime.observe(ms / 1000);
    },
  });
  return { responder, alerts, staff };
}

async function withPerson(service: HandoffService, address: Address): Promise<boolean> {
  const record = await service.record(address);
  return record?.status === 'waiting' || record?.status === 'human';
}

/**
 * The staff groups a channel offers (Telegram forum supergroups): each team's setting
 * (flows/data/teams.yaml `staff-chat`), else TELEGRAM_STAFF_CHAT_ID; teams sharing a chat share its group.
 */
function defaultConsoles(teams: Teams) {
  return async (service: HandoffService, deps: FeatureDeps): Promise<StaffGroup[]> => {
    const { config, content, log, router } = deps;
    const byChat = new Map<string, string[]>();
    for (const team of teams.values()) {
      const chatId = config[team.staffChat] ?? config.TELEGRAM_STAFF_CHAT_ID;
      if (chatId) byChat.set(chatId, [...(byChat.get(chatId) ?? []), team.id]);
    }
    if (byChat.size === 0) return [];
    const open = router.capability('staffConsole');
    if (!open) {
      log.warn('a staff chat is set but the Telegram channel does not run (TELEGRAM_BOT_TOKEN): no staff group');
      return [];
    }
    return [...byChat].map(([chatId, teamIds]) => {
      const console: StaffConsole = open({
        chatId,
        actions: service.actionsFor({ chatId, teams: teamIds }),
        t: (key, args) => translate(content.texts, config.DEFAULT_LOCALE, `promeneurs.staff.${key}`, args),
        memberCacheSeconds: config.STAFF_MEMBER_CACHE_SECONDS,
        log: log.child({ module: 'staff-console' }),
      });
      return { chatId, console, teams: teamIds };
    });
  };
}

export const handoffFeature: FeatureFactory = createHandoffFeature();
