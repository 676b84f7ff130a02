import { NewEndpoint } from '@/components/endpoints/endpoint-pages';

export const metadata = { title: 'New endpoint' };

export default function NewEndpointPage() {
  return <NewEndpoint />;
}
