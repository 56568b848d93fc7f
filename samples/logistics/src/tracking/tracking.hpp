#pragma once

#include <string>
#include <vector>

namespace freight::tracking {

struct TrackingEvent {
    long shipmentId = 0;
    std::string type;
    std::string location;
    std::string note;
    std::string occurredAt;
};

struct DeliveryProof {
    long shipmentId = 0;
    std::string signedBy;
    std::string photoUrl;
};

class TrackingRepository {
public:
    virtual ~TrackingRepository() = default;
    virtual void record(const TrackingEvent& event) = 0;
    virtual void recordBatch(const std::vector<TrackingEvent>& events) = 0;
    virtual std::vector<TrackingEvent> history(const std::string& trackingCode) = 0;
    virtual void recordProof(const DeliveryProof& proof) = 0;
    virtual long purgeDelivered(int days) = 0;
};

}  // namespace freight::tracking
