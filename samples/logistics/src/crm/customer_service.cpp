#include "crm/customer_service.hpp"

#include "common/logger.hpp"
#include "common/strings.hpp"

#include <cctype>
#include <stdexcept>

namespace freight::crm {

bool isValidCustomerCode(const std::string& code) {
    if (code.size() < 3 || code.size() > 12) {
        return false;
    }
    for (char c : code) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
            return false;
        }
    }
    return true;
}

long CustomerService::registerCustomer(const std::string& code, const std::string& name,
                                       const std::string& email, double creditLimit) {
    std::string normalised = util::toUpper(util::trim(code));
    if (!isValidCustomerCode(normalised)) {
        throw std::invalid_argument("invalid customer code: " + code);
    }
    Customer c;
    c.code = normalised;
    c.name = util::trim(name);
    c.email = util::toLower(util::trim(email));
    c.creditLimit = creditLimit < 0 ? 0 : creditLimit;
    long id = repo_.save(c);
    util::Logger::instance().info("crm", "registered customer " + normalised);
    return id;
}

bool CustomerService::canCharge(long customerId, double amount) {
    auto customer = repo_.findById(customerId);
    if (!customer || customer->status != "active") {
        return false;
    }
    return customer->balance + amount <= customer->creditLimit;
}

void CustomerService::charge(long customerId, double amount) {
    repo_.adjustBalance(customerId, amount);
}

void CustomerService::credit(long customerId, double amount) {
    repo_.adjustBalance(customerId, -amount);
}

int CustomerService::suspendDelinquent() {
    int suspended = 0;
    for (const auto& c : repo_.delinquent()) {
        if (c.status == "suspended") {
            continue;
        }
        repo_.setStatus(c.id, "suspended");
        util::Logger::instance().warn("crm", "suspended " + c.code + " balance " +
                                                 util::formatMoney(c.balance));
        ++suspended;
    }
    return suspended;
}

std::optional<Contact> CustomerService::primaryContact(long customerId) {
    auto contacts = repo_.contactsOf(customerId);
    if (contacts.empty()) {
        return std::nullopt;
    }
    return contacts.front();  // ordered primary first
}

long CustomerService::addContact(long customerId, const std::string& name, const std::string& phone,
                                 const std::string& email, bool primary) {
    Contact c;
    c.customerId = customerId;
    c.name = util::trim(name);
    c.phone = util::trim(phone);
    c.email = util::toLower(util::trim(email));
    c.primary = primary;
    return repo_.addContact(c);
}

std::string CustomerService::describe(long customerId) {
    auto customer = repo_.findById(customerId);
    if (!customer) {
        return "unknown customer " + std::to_string(customerId);
    }
    std::string text = customer->code + " " + customer->name + " (" + customer->status + ")" +
                       " balance " + util::formatMoney(customer->balance) + " / limit " +
                       util::formatMoney(customer->creditLimit);
    if (auto contact = primaryContact(customerId)) {
        text += ", contact " + contact->name + " " + contact->phone;
    }
    return text;
}

}  // namespace freight::crm
