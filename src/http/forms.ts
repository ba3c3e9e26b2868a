// Form bodies, parsed once at the edge into typed values (STYLE.md 3).
import { z } from 'zod';

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

export const loginForm = z.object({
  username: z.string().trim().min(1, 'Enter your user name.').max(320, 'That user name is too long.')
    .refine(noControl, 'The user name has characters that cannot be used.'),
  // Passwords are sent to IMAP as they are: only line breaks and NUL could break the LOGIN/AUTHENTICATE command.
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.')
    .refine((s) => !/[\u0000\r\n]/.test(s), 'The password has characters that cannot be used.'),
  next: z.string().optional(),
});

export type LoginForm = z.infer<typeof loginForm>;

/** The first problem per field, for showing next to each input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issue.message;
  }
  return out;
}
