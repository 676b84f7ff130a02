import { ComingSoon } from '@/components/shell/coming-soon';

export const metadata = { title: 'Endpoints' };

export default function Page() {
  return (
    <ComingSoon
      title="Endpoints"
      what="Connections to Docker registries and Kubernetes clusters will be managed here."
    />
  );
}
