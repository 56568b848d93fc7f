#pragma once

namespace shelf::events {

// Upcoming events of a branch (?1: branch, ?2: from date).
static const char* const kUpcomingEvents =
    "SELECT e.id, e.title, e.day, e.capacity, "
    "(SELECT count(*) FROM event_signups s WHERE s.event_id = e.id) AS taken "
    "FROM events e WHERE e.branch = ? AND e.day >= ? ORDER BY e.day";

}  // namespace shelf::events
