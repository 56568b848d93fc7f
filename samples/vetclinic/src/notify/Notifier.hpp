#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace vet::db {
class Db;
}

namespace vet::notify {

struct Message {
    std::string recipient;  // e-mail address or phone number
    std::string subject;
    std::string body;
};

class Notifier {
public:
    virtual ~Notifier() = default;
    virtual std::string channel() const = 0;
    virtual bool send(const Message& message) = 0;
    // Channels that cannot carry long text truncate; e-mail does not.
    virtual std::size_t maxBodyLength() const { return 0; }

    bool deliver(Message message);
    unsigned sentCount() const { return sent_; }

private:
    unsigned sent_ = 0;
};

class EmailNotifier : public Notifier {
public:
    EmailNotifier(std::string fromAddress, std::ostream& outbox) : from_(std::move(fromAddress)), outbox_(outbox) {}
    std::string channel() const override { return "email"; }
    bool send(const Message& message) override;

private:
    std::string from_;
    std::ostream& outbox_;
};

// Sends through the SMS gateway; honours the owners' opt-out flag, which
// is why it needs the database.
class SmsNotifier : public Notifier {
public:
    SmsNotifier(db::Db& db, std::ostream& gateway) : db_(db), gateway_(gateway) {}
    std::string channel() const override { return "sms"; }
    bool send(const Message& message) override;
    std::size_t maxBodyLength() const override { return 160; }

private:
    bool optedOut(const std::string& phone);
    db::Db& db_;
    std::ostream& gateway_;
};

std::unique_ptr<Notifier> makeNotifier(const std::string& channel, db::Db& db, std::ostream& out);

}  // namespace vet::notify
