// Composes the API from its feature routes. No I/O happens here; server.ts boots it.
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { auditRoutes } from './audit/audit.routes.ts';
import { sessionMiddleware } from './auth/auth.middleware.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { bodyLimit } from './body-limit.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { caseRoutes } from './cases/case.routes.ts';
import { deviceRoutes } from './citizen/device.routes.ts';
import { ratingRoutes } from './citizen/rating.routes.ts';
import { visitRoutes } from './citizen/visit.routes.ts';
import type { AppDeps, AppEnv } from './deps.ts';
import { disclosureRoutes } from './disclosure/disclosure.routes.ts';
import { AppError, errorResponse } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { modelTitleRoutes } from './model-titles/model-title.routes.ts';
import { opinionRoutes } from './opinions/opinion.routes.ts';
import { outcomeRoutes } from './outcomes/outcome.routes.ts';
import { overviewRoutes } from './overview/overview.routes.ts';
import { panelRoutes } from './panel/panel.routes.ts';
import { qrRoutes } from './posters/qr.routes.ts';
import { quarantineRoutes } from './quarantine/quarantine.routes.ts';
import { rectificationRoutes } from './rectification/rectification.routes.ts';
import { releaseRoutes } from './releases/release.routes.ts';
import { setupRoutes } from './setup/setup.routes.ts';
import { toDoRoutes } from './to-dos/to-do.routes.ts';
import { unitRoutes } from './units/units.routes.ts';

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
    .use(requestId())
    .use(async (c, next) => {
      c.set('deps', deps);
      await next();
    })
    .use('/v1/*', bodyLimit(1024 * 1024))
    .use('/v1/*', sessionMiddleware)
    .route('/', healthRoutes)
    .route('/v1/overview', overviewRoutes)
    .route('/v1/auth', authRoutes)
    .route('/v1', ratingRoutes)
    .route('/v1', visitRoutes)
    .route('/v1', deviceRoutes)
    .route('/v1', caseRoutes)
    .route('/v1', quarantineRoutes)
    .route('/v1', qrRoutes)
    .route('/v1', outcomeRoutes)
    .route('/v1', calendarRoutes)
    .route('/v1', rectificationRoutes)
    .route('/v1', unitRoutes)
    .route('/v1', disclosureRoutes)
    .route('/v1', modelTitleRoutes)
    .route('/v1', panelRoutes)
    .route('/v1', opinionRoutes)
    .route('/v1', setupRoutes)
    .route('/v1', auditRoutes)
    .route('/v1', releaseRoutes)
    .route('/v1', toDoRoutes);
  app.notFound(() => {
    throw new AppError('not_found');
  });
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
