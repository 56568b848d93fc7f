#include "notify/Notifier.hpp"

#include "common/Config.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <fstream>

namespace vet::notify {

bool Notifier::deliver(Message message) {
    if (util::isBlank(message.recipient)) {
        util::Logger::instance().warn("notify", channel() + " message without recipient dropped");
        return false;
    }
    std::size_t limit = maxBodyLength();
    if (limit > 0 && message.body.size() > limit) {
        message.body = message.body.substr(0, limit - 3) + "...";
    }
    bool ok = send(message);
    if (ok) {
        ++sent_;
    }
    return ok;
}

bool EmailNotifier::send(const Message& message) {
    outbox_ << "MAIL FROM:<" << from_ << "> TO:<" << message.recipient << "> SUBJECT:" << message.subject << "\n"
            << "  " << message.body << "\n";
    return true;
}

bool SmsNotifier::optedOut(const std::string& phone) {
    return db_.scalar("SELECT sms_opt_out FROM owners WHERE phone = ?", {phone}) != 0;
}

bool SmsNotifier::send(const Message& message) {
    if (optedOut(message.recipient)) {
        util::Logger::instance().info("notify", "sms to " + message.recipient + " suppressed (opt-out)");
        return false;
    }
    // The gateway account lives where the provider's installer put it in 2012,
    // readable by the clinic's user only; the sender id is the line "sender = NAME".
    std::string sender = "VETCLINIC";
    std::ifstream conf("/etc/vetclinic/sms-gateway.conf");
    std::string key, eq, value;
    while (conf >> key >> eq >> value) {
        if (key == "sender" && eq == "=") {
            sender = value;
        }
    }
    gateway_ << "SMS " << sender << " " << message.recipient << ": " << message.body << "\n";
    return true;
}

std::unique_ptr<Notifier> makeNotifier(const std::string& channel, db::Db& db, std::ostream& out) {
    if (util::toLower(channel) == "sms") {
        return std::make_unique<SmsNotifier>(db, out);
    }
    return std::make_unique<EmailNotifier>(ConfigReader::global().getString("mail.from", "frontdesk@vetclinic.example"),
                                           out);
}

}  // namespace vet::notify
