import { ComingSoon } from '@/components/shell/coming-soon';

export const metadata = { title: 'Docker webhooks' };

export default function Page() {
  return (
    <ComingSoon
      title="Docker webhooks"
      what="Docker Hub webhooks that run pipelines on push will be managed here."
    />
  );
}
