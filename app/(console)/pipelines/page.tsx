import { ComingSoon } from '@/components/shell/coming-soon';

export const metadata = { title: 'Pipelines' };

export default function Page() {
  return (
    <ComingSoon
      title="Pipelines"
      what="Pipelines (stages, tasks, inputs) will be created and edited here."
    />
  );
}
