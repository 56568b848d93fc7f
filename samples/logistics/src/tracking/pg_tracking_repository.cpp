#include "tracking/pg_tracking_repository.hpp"

#include "common/logger.hpp"
#include "db/sql_names.hpp"

#include <libpq-fe.h>

namespace freight::tracking {

static const std::string kEventsTable = std::string(db::kTrackingSchema) + ".tracking_events";

void PgTrackingRepository::record(const TrackingEvent& event) {
    conn_.execParams("INSERT INTO " + kEventsTable +
                         " (shipment_id, event_type, location, note) VALUES ($1, $2, $3, $4)",
                     {std::to_string(event.shipmentId), event.type, event.location, event.note});
}

void PgTrackingRepository::recordBatch(const std::vector<TrackingEvent>& events) {
    // Scanner feeds arrive in thousands; one prepared plan on the raw handle, no wrapper overhead.
    PGconn* pg = conn_.raw();
    PGresult* prep = PQprepare(pg, "scan_event",
                               "INSERT INTO tracking.tracking_events "
                               "(shipment_id, event_type, location, occurred_at) "
                               "VALUES ($1, $2, $3, $4::timestamptz)",
                               4, nullptr);
    if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
        util::Logger::instance().error("tracking", PQerrorMessage(pg));
        PQclear(prep);
        return;
    }
    PQclear(prep);
    for (const auto& e : events) {
        std::string shipment = std::to_string(e.shipmentId);
        const char* values[4] = {shipment.c_str(), e.type.c_str(), e.location.c_str(),
                                 e.occurredAt.c_str()};
        PGresult* res = PQexecPrepared(pg, "scan_event", 4, values, nullptr, nullptr, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            util::Logger::instance().warn("tracking", "scan for shipment " + shipment + " rejected: " +
                                                          PQerrorMessage(pg));
        }
        PQclear(res);
    }
    PGresult* dealloc = PQexec(pg, "DEALLOCATE scan_event");
    PQclear(dealloc);
}

std::vector<TrackingEvent> PgTrackingRepository::history(const std::string& trackingCode) {
    auto rs = conn_.execParams(
        "SELECT e.shipment_id, e.event_type, coalesce(e.location, ''), coalesce(e.note, ''), "
        "e.occurred_at FROM tracking.tracking_events e "
        "JOIN " + std::string(db::kShipmentsTable) + " s ON s.id = e.shipment_id "
        "WHERE s.tracking_code = $1 ORDER BY e.occurred_at",
        {trackingCode});
    std::vector<TrackingEvent> out;
    for (int i = 0; i < rs.rows(); ++i) {
        out.push_back(TrackingEvent{rs.getLong(i, 0), rs.get(i, 1), rs.get(i, 2), rs.get(i, 3),
                                    rs.get(i, 4)});
    }
    return out;
}

void PgTrackingRepository::recordProof(const DeliveryProof& proof) {
    conn_.execParams(
        "INSERT INTO tracking.delivery_proofs (shipment_id, signed_by, photo_url) VALUES ($1, $2, $3) "
        "ON CONFLICT (shipment_id) DO UPDATE SET signed_by = EXCLUDED.signed_by, "
        "photo_url = EXCLUDED.photo_url, recorded_at = now()",
        {std::to_string(proof.shipmentId), proof.signedBy, proof.photoUrl});
}

long PgTrackingRepository::purgeDelivered(int days) {
    auto rs = conn_.execParams(
        "DELETE FROM tracking.tracking_events WHERE occurred_at < now() - ($1 || ' days')::interval "
        "AND shipment_id IN (SELECT id FROM dispatch.\"Shipments\" WHERE status = 'delivered')",
        {std::to_string(days)});
    return rs.affected();
}

}  // namespace freight::tracking
