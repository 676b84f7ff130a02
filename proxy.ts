import { NextResponse, type NextRequest } from 'next/server';

/**
 * Passes the requested path to server components, so that a page sending an unsigned visitor to
 * /login can bring them back to it afterwards.
 */
export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set('x-slipway-path', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|pipelines/api/|_next/|icon.svg|favicon.ico).*)'],
};
