import { EditPipeline } from '@/components/pipelines/editor-pages';

export const metadata = { title: 'Pipeline' };

export default async function PipelinePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditPipeline id={id} />;
}
