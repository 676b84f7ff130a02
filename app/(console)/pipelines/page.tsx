import { PipelineList } from '@/components/pipelines/pipeline-list';

export const metadata = { title: 'Pipelines' };

export default function PipelinesPage() {
  return <PipelineList />;
}
