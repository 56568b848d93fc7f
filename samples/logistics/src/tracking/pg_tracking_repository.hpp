#pragma once

#include "db/pg_connection.hpp"
#include "tracking/tracking.hpp"

namespace freight::tracking {

class PgTrackingRepository : public TrackingRepository {
public:
    explicit PgTrackingRepository(db::PgConnection& conn) : conn_(conn) {}

    void record(const TrackingEvent& event) override;
    void recordBatch(const std::vector<TrackingEvent>& events) override;
    std::vector<TrackingEvent> history(const std::string& trackingCode) override;
    void recordProof(const DeliveryProof& proof) override;
    long purgeDelivered(int days) override;

private:
    db::PgConnection& conn_;
};

}  // namespace freight::tracking
