import { Suspense } from 'react';
import { DockerTriggerPage } from '@/components/triggers/docker-trigger-page';
import { LoadingRows } from '@/components/ui/states';

export const metadata = { title: 'Docker webhooks' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingRows rows={3} label="Loading webhooks" />}>
      <DockerTriggerPage />
    </Suspense>
  );
}
