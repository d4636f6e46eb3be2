import { currentUserFast } from '@/lib/auth/session';
import { submitRequest } from './submit-request';

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return submitRequest(req, id, currentUserFast);
}
