'use client';

import { EndpointForm } from '@/components/endpoints/endpoint-form';
import { Dialog } from '@/components/ui/dialog';

/**
 * *Create endpoint* without leaving the webhook form: the endpoints feature's own form in a
 * dialog; the webhook form stays mounted underneath, so nothing typed there is lost.
 */
export function InlineEndpointDialog({
  project,
  open,
  onOpenChange,
  onCreated,
}: {
  /** The webhook's project: the endpoint is created there. */
  project: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (endpointId: string) => void | Promise<void>;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Create endpoint"
      description="A Docker registry endpoint for this webhook."
    >
      <EndpointForm
        fixed={{ project, type: 'DOCKER_REGISTRY' }}
        onSaved={(e) => {
          onOpenChange(false);
          void onCreated(e.id);
        }}
        onCancel={() => onOpenChange(false)}
      />
    </Dialog>
  );
}
