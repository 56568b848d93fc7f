#pragma once

#include "notify/Notifier.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::notify {

struct Reminder {
    std::int64_t id = 0;
    std::int64_t petId = 0;
    std::int64_t ownerId = 0;
    std::string kind;
    std::string dueOn;
    std::string message;
    std::string recipient;
    std::string channel;
};

class ReminderService {
public:
    using SentCallback = std::function<void(const Reminder&, bool ok)>;

    ReminderService(db::Db& db, std::ostream& out) : db_(db), out_(out) {}

    std::int64_t schedule(std::int64_t petId, std::int64_t ownerId, const std::string& kind, const std::string& dueOn,
                          const std::string& message);
    // Queues a reminder for every vaccination falling due within `days`.
    int queueVaccinationReminders(int days);
    int queueAppointmentReminders(const std::string& isoDate);
    int sendDue(const std::string& isoDate, const SentCallback& onSent);
    int purgeSent(int olderThanDays);

private:
    Notifier& notifierFor(const std::string& channel);
    void logDelivery(const Reminder& reminder, const std::string& channel, bool ok);

    db::Db& db_;
    std::ostream& out_;
    std::map<std::string, std::unique_ptr<Notifier>> notifiers_;
};

}  // namespace vet::notify
