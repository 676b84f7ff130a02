import { NewPipeline } from '@/components/pipelines/editor-pages';

export const metadata = { title: 'New pipeline' };

export default function NewPipelinePage() {
  return <NewPipeline />;
}
