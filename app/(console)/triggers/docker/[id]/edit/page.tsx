import { EditWebhook } from '@/components/triggers/edit-webhook';

export const metadata = { title: 'Edit Docker webhook' };

export default async function EditWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditWebhook id={id} />;
}
