// The sign-in form's CSRF token, kept without a session so that showing the form (or refusing a password) stores
// nothing: a signed double-submit cookie (csrf-csrf). The token is an HMAC, under a key derived from
// SESSION_SECRET, of a random value; it goes in an HttpOnly SameSite=Strict cookie and in the hidden `_csrf`
// field, and a sign-in needs both, equal and signed. There is no session to bind it to yet: the signature proves
// Postern issued it, the cookie that this browser received it, and SameSite=Strict keeps it off cross-site posts.
// Every form after sign-in uses the session's synchronizer token instead (csrf.ts). The cookie outlives a sign-in
// on purpose: a login form left open in a second tab must still work.
import type { Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { derivedKey } from './derived-keys.ts';

export const LOGIN_CSRF_COOKIE = 'postern.login';

export interface LoginCsrf {
  /** the token for the form's hidden field; sets (or keeps) the cookie */
  token(req: Request, res: Response): string;
  valid(req: Request): boolean;
}

export function loginCsrf(sessionSecret: string): LoginCsrf {
  const secret = derivedKey(sessionSecret, 'login-csrf').toString('hex');
  const cookieOptions = { sameSite: 'strict', httpOnly: true, path: '/login' } as const;
  const csrf = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: () => '',
    cookieName: LOGIN_CSRF_COOKIE,
    cookieOptions: { ...cookieOptions, secure: false },
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  return {
    token: (req, res) => csrf.generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } }),
    valid: (req) => csrf.validateRequest(req),
  };
}
