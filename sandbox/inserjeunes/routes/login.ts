import type { FastifyInstance } from 'fastify';
import { signJwt } from '../../jwt.js';
import { answerHttpErrors, HttpError, validationError } from '../errors.js';

export interface LoginAccount {
  username: string;
  password: string;
  /** Secret its JWTs are signed with. */
  jwtSecret: string;
}

/** The API's own login (legacy host only: gone behind the gateway, trajectoires-pro branch feat-suppression-auth). */
export function registerLoginRoute(app: FastifyInstance, account: LoginAccount): void {
  app.post('/api/inserjeunes/auth/login', async (request, reply) =>
    answerHttpErrors(reply, () => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const key of ['username', 'password']) {
        if (typeof body[key] !== 'string')
          throw validationError([{ message: `"${key}" is required`, path: [key], type: 'any.required', context: { key, label: key } }]);
      }
      if (body.username !== account.username || body.password !== account.password) {
        throw new HttpError(401, {
          statusCode: 401,
          error: 'Unauthorized',
          message: "Votre nom d'utilisateur ou votre mot de passe est invalide",
        });
      }
      const now = Math.floor(Date.now() / 1000);
      return { token: signJwt({ username: body.username, iat: now, exp: now + 86_400, iss: 'exposition-ij' }, account.jwtSecret) };
    }),
  );
}
