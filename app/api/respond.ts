import { NextResponse } from 'next/server';
import { AuthError } from '@/lib/auth/roles';
import { SubmitError } from '@/lib/submissions/errors';

// Route handlers turn known errors into JSON with a message a person can act on.
export async function respond(work: () => Promise<unknown>, status = 200): Promise<NextResponse> {
  try {
    return NextResponse.json(await work(), { status });
  } catch (e) {
    if (e instanceof AuthError) return NextResponse.json({ error: e.message }, { status: e.status });
    if (e instanceof SubmitError) return NextResponse.json({ error: e.message, fieldErrors: e.fieldErrors }, { status: e.status });
    if (e instanceof SyntaxError) return NextResponse.json({ error: 'The request body is not valid JSON.' }, { status: 400 });
    console.error(e);
    return NextResponse.json({ error: 'Something went wrong on our side; nothing you sent was lost. Please try again.' }, { status: 500 });
  }
}

export async function readJson(req: Request, maxBytes = 12 * 1024 * 1024): Promise<unknown> {
  const text = await req.text();
  if (text.length > maxBytes) throw new SubmitError(413, `The request is larger than ${Math.round(maxBytes / 1048576)} MiB.`);
  return text ? JSON.parse(text) : {};
}
