import { EndpointList } from '@/components/endpoints/endpoint-list';

export const metadata = { title: 'Endpoints' };

export default function EndpointsPage() {
  return <EndpointList />;
}
