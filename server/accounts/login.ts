import { openSession } from '../auth/sessions';
import type { LoginThrottle } from '../auth/throttle';
import { checkCredentials, normaliseEmail } from '../directory/users';
import type { UserView } from '../directory/views';
import { AppError } from '../platform/errors';

export interface LoginResult {
  user: UserView;
  token: string;
  expiresAt: Date;
}

/**
 * Checks e-mail and password and opens a session of `ttlHours`. 401 `invalid_credentials` for a wrong
 * pair (the same for an unknown address, an invitation not yet accepted or a deactivated account),
 * 429 while the account or the address is locked by the throttle.
 */
export async function logIn(
  credentials: { email: string; password: string },
  context: { ip: string; throttle: LoginThrottle; ttlHours: number },
): Promise<LoginResult> {
  const account = normaliseEmail(credentials.email);
  await context.throttle.beforeAttempt(context.ip, account);
  const user = await checkCredentials(credentials.email, credentials.password);
  if (!user) {
    await context.throttle.failed(context.ip, account);
    throw new AppError(401, 'invalid_credentials', 'Wrong e-mail or password.');
  }
  await context.throttle.succeeded(account);
  const { token, expiresAt } = await openSession(user, context.ttlHours);
  return { user, token, expiresAt };
}
