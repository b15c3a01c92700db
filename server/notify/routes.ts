import { Router } from 'express';
import { pushSubscriptionBody, pushUnsubscribeBody } from '../../shared/schemas/push';
import type { Config } from '../platform/config';
import { route } from '../platform/routing';
import { listDevices, publicVapidKey, subscribeDevice, unsubscribeDevice } from './push';

/** Web Push: the server's public key, and the caller's devices (interpreters). */
export function notifyRouter(config: Config): Router {
  const router = Router();
  const tag = 'push';

  route(router, { method: 'get', path: '/api/push/key', summary: 'The public VAPID key a page subscribes with (applicationServerKey)', tag, access: 'authenticated' },
    () => publicVapidKey());
  route(router, { method: 'get', path: '/api/push/subscriptions', summary: 'The caller’s devices subscribed to Web Push, newest first', tag, access: ['interpreter'] },
    ({ actor }) => listDevices(actor));
  route(router, { method: 'post', path: '/api/push/subscriptions', summary: 'Subscribe this device to offers by Web Push (the browser’s PushSubscription JSON); idempotent per endpoint', tag, access: ['interpreter'], body: pushSubscriptionBody, status: 201 },
    ({ actor, body, req }) => subscribeDevice(actor, body, { userAgent: req.get('user-agent'), production: config.nodeEnv === 'production' }));
  route(router, { method: 'delete', path: '/api/push/subscriptions', summary: 'Stop Web Push to one of the caller’s devices', tag, access: ['interpreter'], body: pushUnsubscribeBody },
    ({ actor, body }) => unsubscribeDevice(actor, body.endpoint));

  return router;
}
