import { EditEndpoint } from '@/components/endpoints/endpoint-pages';

export const metadata = { title: 'Edit endpoint' };

export default async function EditEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditEndpoint id={id} />;
}
