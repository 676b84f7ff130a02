import { NextResponse, type NextRequest } from 'next/server';

function answer(req: NextRequest) {
  return NextResponse.json(
    {
      error: { code: 'NOT_FOUND', message: `No such route: ${req.method} ${req.nextUrl.pathname}` },
    },
    { status: 404 },
  );
}

export const notFoundHandlers = {
  GET: answer,
  POST: answer,
  PUT: answer,
  PATCH: answer,
  DELETE: answer,
};
