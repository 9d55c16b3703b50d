// The one way tests build an app: the real createApp, with the features the test chose. Flows that
// name actions of features the test left out get handlers answering "unavailable" (said here, once,
// instead of the service's check that refuses to start), and process metrics stay off.
import { createApp, type App, type AppOptions } from '../../src/app.js';

export function createTestApp(options: AppOptions): App {
  return createApp({ absentFeaturesAnswerUnavailable: true, processMetrics: false, ...options });
}
