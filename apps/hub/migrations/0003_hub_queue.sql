-- Issue 20: with NATS JetStream as the delivery queue (HUB_NATS_URL), a delivery is recorded 'queued' in the
-- sending transaction and becomes 'pending' (visible to getReceivedEdocList) when a hub process takes its
-- message off the shared stream. Without NATS deliveries start 'pending' as before.
ALTER TABLE hub_deliveries DROP CONSTRAINT hub_deliveries_state_check;
ALTER TABLE hub_deliveries ADD CONSTRAINT hub_deliveries_state_check CHECK (state IN ('queued', 'pending', 'delivered', 'done', 'fail'));
CREATE INDEX hub_deliveries_queued ON hub_deliveries (created_at) WHERE state = 'queued';
