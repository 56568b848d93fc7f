#include "notify/ReminderService.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"

#include <cstdio>

namespace vet::notify {

std::int64_t ReminderService::schedule(std::int64_t petId, std::int64_t ownerId, const std::string& kind,
                                       const std::string& dueOn, const std::string& message) {
    return db_.insert("INSERT INTO reminders(pet_id, owner_id, kind, due_on, message) VALUES(?, ?, ?, ?, ?)",
                      {petId > 0 ? db::Value(static_cast<long long>(petId)) : db::Value(),
                       static_cast<long long>(ownerId), kind, dueOn, message});
}

int ReminderService::queueVaccinationReminders(int days) {
    char sql[700];
    std::snprintf(sql, sizeof sql,
                  "INSERT INTO reminders(pet_id, owner_id, kind, due_on, message) "
                  "SELECT v.pet_id, p.owner_id, 'vaccination', date(v.due_date, '-14 days'), "
                  "       p.name || ' is due for ' || v.vaccine || ' on ' || v.due_date "
                  "  FROM vaccinations v JOIN pets p ON p.id = v.pet_id "
                  " WHERE p.deceased = 0 AND v.due_date <= date('now', '+%d days') "
                  "   AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.pet_id = v.pet_id "
                  "                   AND r.kind = 'vaccination' AND r.due_on = date(v.due_date, '-14 days'))",
                  days);
    return db_.execute(sql);
}

int ReminderService::queueAppointmentReminders(const std::string& isoDate) {
    auto rows = db_.query(R"SQL(
        SELECT a.pet_id, p.owner_id, p.name, a.start_time
          FROM appointments a JOIN pets p ON p.id = a.pet_id
         WHERE substr(a.start_time, 1, 10) = ? AND a.status = 'booked'
    )SQL",
                          {isoDate});
    int queued = 0;
    for (const auto& row : rows) {
        // Sent the day before the visit.
        schedule(row.integer(std::size_t{0}), row.integer(std::size_t{1}), "appointment", billing::addDays(isoDate, -1),
                 "Reminder: " + row.text(std::size_t{2}) + " has an appointment at " + row.text(std::size_t{3}).substr(11));
        ++queued;
    }
    return queued;
}

Notifier& ReminderService::notifierFor(const std::string& channel) {
    auto it = notifiers_.find(channel);
    if (it == notifiers_.end()) {
        it = notifiers_.emplace(channel, makeNotifier(channel, db_, out_)).first;
    }
    return *it->second;
}

void ReminderService::logDelivery(const Reminder& reminder, const std::string& channel, bool ok) {
    db_.execute("INSERT INTO notification_log(reminder_id, channel, recipient, body, ok, sent_at) "
                "VALUES(?, ?, ?, ?, ?, datetime('now'))",
                {static_cast<long long>(reminder.id), channel, reminder.recipient, reminder.message, ok ? 1 : 0});
}

int ReminderService::sendDue(const std::string& isoDate, const SentCallback& onSent) {
    auto rows = db_.query(
        "SELECT r.id, r.pet_id, r.owner_id, r.kind, r.due_on, r.message, o.preferred_channel, o.email, o.phone "
        "FROM reminders r JOIN owners o ON o.id = r.owner_id "
        "WHERE r.sent_at IS NULL AND r.due_on <= ? ORDER BY r.due_on, r.id",
        {isoDate});
    int sent = 0;
    for (const auto& row : rows) {
        Reminder reminder;
        reminder.id = row.integer(std::size_t{0});
        reminder.petId = row.integer(std::size_t{1});
        reminder.ownerId = row.integer(std::size_t{2});
        reminder.kind = row.text(std::size_t{3});
        reminder.dueOn = row.text(std::size_t{4});
        reminder.message = row.text(std::size_t{5});
        reminder.channel = row.text(std::size_t{6});
        reminder.recipient = reminder.channel == "sms" ? row.text(std::size_t{8}) : row.text(std::size_t{7});

        Notifier& notifier = notifierFor(reminder.channel);
        bool ok = notifier.deliver(Message{reminder.recipient, "Reminder from the clinic", reminder.message});
        logDelivery(reminder, notifier.channel(), ok);
        if (ok) {
            db_.execute("UPDATE reminders SET sent_at = datetime('now') WHERE id = ?",
                        {static_cast<long long>(reminder.id)});
            ++sent;
        }
        if (onSent) {
            onSent(reminder, ok);
        }
    }
    return sent;
}

int ReminderService::purgeSent(int olderThanDays) {
    // notification_log keeps the history, reminders only the queue.
    char sql[256];
    std::snprintf(sql, sizeof sql,
                  "DELETE FROM reminders WHERE sent_at IS NOT NULL AND sent_at < datetime('now', '-%d days') "
                  "AND id NOT IN (SELECT reminder_id FROM notification_log WHERE reminder_id IS NOT NULL)",
                  olderThanDays);
    return db_.execute(sql);
}

}  // namespace vet::notify
