import { respond } from '../respond';

export const dynamic = 'force-dynamic';
export function GET(req: Request) {
  return respond(req, async () => ({ ok: true }));
}
