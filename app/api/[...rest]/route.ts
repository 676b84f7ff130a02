import { notFoundHandlers } from '@/lib/api/not-found-route';

export const { GET, POST, PUT, PATCH, DELETE } = notFoundHandlers;
