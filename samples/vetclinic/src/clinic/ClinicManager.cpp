#include "clinic/ClinicManager.hpp"

#include "billing/Money.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <sstream>

namespace vet {

namespace {

billing::PaymentMethod methodFrom(const std::string& text) {
    const std::string lower = util::toLower(text);
    if (lower == "card") {
        return billing::PaymentMethod::Card;
    }
    if (lower == "insurance") {
        return billing::PaymentMethod::Insurance;
    }
    return billing::PaymentMethod::Cash;
}

}  // namespace

ClinicManager::ClinicManager(db::Db& db, std::ostream& out, std::string operatorName)
    : db_(db),
      out_(out),
      operator_(std::move(operatorName)),
      patients_(db),
      book_(db),
      rooms_(db),
      records_(db),
      vaccines_(db),
      labs_(db.handle()),
      inventory_(db),
      prescriptions_(db, inventory_),
      invoices_(db),
      payments_(db),
      checkout_(db),
      staff_(db),
      shifts_(db),
      reminders_(db, out),
      audit_(db),
      reports_(db) {
    audit_.ensureIndexes();
    registerHandlers();
}

void ClinicManager::registerHandlers() {
    // Table-driven so the terminal UI's menu can be generated from it.
    auto bind = [this](std::string (ClinicManager::*method)(const CommandArgs&)) -> Handler {
        return [this, method](const CommandArgs& args) { return (this->*method)(args); };
    };
    handlers_["register"] = bind(&ClinicManager::cmdRegisterClient);
    handlers_["profile"] = bind(&ClinicManager::cmdOwnerProfile);
    handlers_["merge-owners"] = bind(&ClinicManager::cmdMergeOwners);
    handlers_["book"] = bind(&ClinicManager::cmdBook);
    handlers_["cancel"] = bind(&ClinicManager::cmdCancel);
    handlers_["checkin"] = bind(&ClinicManager::cmdCheckIn);
    handlers_["agenda"] = bind(&ClinicManager::cmdAgenda);
    handlers_["add-room"] = bind(&ClinicManager::cmdAddRoom);
    handlers_["start-visit"] = bind(&ClinicManager::cmdStartVisit);
    handlers_["treat"] = bind(&ClinicManager::cmdTreat);
    handlers_["close-visit"] = bind(&ClinicManager::cmdCloseVisit);
    handlers_["vaccinate"] = bind(&ClinicManager::cmdVaccinate);
    handlers_["lab"] = bind(&ClinicManager::cmdLabResult);
    handlers_["add-stock"] = bind(&ClinicManager::cmdAddStock);
    handlers_["prescribe"] = bind(&ClinicManager::cmdPrescribe);
    handlers_["dispense"] = bind(&ClinicManager::cmdDispense);
    handlers_["low-stock"] = bind(&ClinicManager::cmdLowStock);
    handlers_["checkout"] = bind(&ClinicManager::cmdCheckout);
    handlers_["pay"] = bind(&ClinicManager::cmdPay);
    handlers_["refund"] = bind(&ClinicManager::cmdRefund);
    handlers_["void"] = bind(&ClinicManager::cmdVoidInvoice);
    handlers_["hire"] = bind(&ClinicManager::cmdHire);
    handlers_["shift"] = bind(&ClinicManager::cmdShift);
    handlers_["terminate"] = bind(&ClinicManager::cmdTerminate);
    handlers_["remind"] = bind(&ClinicManager::cmdSendReminders);
    handlers_["daily-report"] = bind(&ClinicManager::cmdDailyReport);
    handlers_["dashboard"] = bind(&ClinicManager::cmdDashboard);
    handlers_["debtors-csv"] = bind(&ClinicManager::cmdDebtorsCsv);
    handlers_["help"] = [this](const CommandArgs&) {
        std::vector<std::string> verbs;
        for (const auto& entry : handlers_) {
            verbs.push_back(entry.first);
        }
        return "commands: " + util::join(verbs, ", ");
    };
}

std::string ClinicManager::handleLine(const std::string& line) {
    if (util::isBlank(line) || util::startsWith(util::trim(line), "#")) {
        return "";
    }
    try {
        CommandArgs args = CommandArgs::parse(line);
        auto it = handlers_.find(args.verb());
        if (it == handlers_.end()) {
            return "unknown command '" + args.verb() + "' (try help)";
        }
        return it->second(args);
    } catch (const CommandError& e) {
        return std::string("error: ") + e.what();
    } catch (const db::DbError& e) {
        util::Logger::instance().error("frontdesk", e.what());
        return std::string("database error: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("failed: ") + e.what();
    }
}

// ------------------------------------------------------------------ patients

std::string ClinicManager::cmdRegisterClient(const CommandArgs& args) {
    patients::Owner owner;
    owner.firstName = args.get("first");
    owner.lastName = args.get("last");
    owner.phone = args.get("phone", "");
    owner.email = args.get("email", "");
    owner.address = args.get("address", "");
    owner.preferredChannel = args.get("channel", "email");
    patients::Pet pet;
    pet.name = args.get("pet");
    pet.species = util::toLower(args.get("species"));
    pet.breed = args.get("breed", "");
    pet.birthDate = args.get("born", "");
    pet.weightKg = args.has("kg") ? args.decimal("kg") : 0.0;
    if (args.has("allergy")) {
        for (const auto& substance : util::split(args.get("allergy"), ',')) {
            pet.allergies.push_back({util::toLower(util::trim(substance)), "moderate"});
        }
    }
    auto reg = patients_.registerClient(owner, pet);
    audit_.record("owner", reg.ownerId, reg.existingOwner ? "add-pet" : "register", pet.name, operator_);
    std::ostringstream out;
    out << "owner " << reg.ownerId << (reg.existingOwner ? " (existing)" : " (new)") << ", pet " << reg.petId;
    return out.str();
}

std::string ClinicManager::cmdOwnerProfile(const CommandArgs& args) {
    std::int64_t ownerId = args.id("owner");
    std::string text = patients_.profile(ownerId);
    auto open = invoices_.openFor(ownerId);
    if (!open.empty()) {
        billing::Money due;
        for (const auto& inv : open) {
            due += payments_.balance(inv.id);
        }
        text += "  open invoices: " + std::to_string(open.size()) + ", due " + due.str() + "\n";
    }
    return text;
}

std::string ClinicManager::cmdMergeOwners(const CommandArgs& args) {
    // Duplicate owner records come from the walk-in desk; merging has to
    // move everything that points at the duplicate in one go.
    const std::int64_t keep = args.id("keep");
    const std::int64_t drop = args.id("drop");
    if (keep == drop) {
        throw CommandError("cannot merge an owner into itself");
    }
    db::TransactionGuard tx(db_);
    int pets = db_.execute("UPDATE pets SET owner_id = ? WHERE owner_id = ?",
                           {static_cast<long long>(keep), static_cast<long long>(drop)});
    int invoices = db_.execute("UPDATE invoices SET owner_id = ? WHERE owner_id = ?",
                               {static_cast<long long>(keep), static_cast<long long>(drop)});
    db_.execute("UPDATE reminders SET owner_id = ? WHERE owner_id = ?",
                {static_cast<long long>(keep), static_cast<long long>(drop)});
    db_.execute("DELETE FROM owners WHERE id = ?", {static_cast<long long>(drop)});
    tx.commit();
    audit_.record("owner", keep, "merge", "absorbed owner " + std::to_string(drop), operator_);
    return "merged: " + std::to_string(pets) + " pets, " + std::to_string(invoices) + " invoices moved";
}

// ------------------------------------------------------------------ scheduling

std::string ClinicManager::cmdBook(const CommandArgs& args) {
    const std::int64_t petId = args.id("pet");
    const std::int64_t vetId = args.id("vet");
    const std::string start = args.get("start");
    const int minutes = args.number("minutes", 30);
    auto vet = staff_.findById(vetId);
    if (!vet || vet->role != staff::Role::Vet || !vet->active) {
        throw CommandError("staff member " + std::to_string(vetId) + " is not an active vet");
    }
    if (!shifts_.isOnDuty(vetId, start)) {
        util::Logger::instance().warn("frontdesk", "booking outside of Dr. " + vet->lastName + "'s shift");
    }
    const std::string end = scheduling::withMinutes(start, scheduling::minutesOfDay(start) + minutes);
    std::int64_t roomId = rooms_.findFreeRoom(args.get("room", "exam"), start, end);
    std::int64_t id = book_.book(petId, vetId, roomId, start, minutes, args.get("reason", "consultation"));
    if (id == 0) {
        auto slot = book_.suggestSlot(vetId, start.substr(0, 10), minutes);
        if (slot.from < 0) {
            book_.addToWaitlist(petId, args.get("reason", "consultation"), start.substr(0, 10));
            return "vet fully booked; added to waiting list";
        }
        return "vet busy; next free slot " + scheduling::withMinutes(start, slot.from);
    }
    return "appointment " + std::to_string(id) + (roomId > 0 ? " in room " + std::to_string(roomId) : " (no room)");
}

std::string ClinicManager::cmdCancel(const CommandArgs& args) {
    const std::int64_t id = args.id("appt");
    auto appt = book_.find(id);
    if (!appt) {
        throw CommandError("no appointment " + std::to_string(id));
    }
    if (!book_.cancel(id, args.get("why", "client request"))) {
        return "appointment " + std::to_string(id) + " cannot be cancelled (" + appt->status + ")";
    }
    audit_.record("appointment", id, "cancel", args.get("why", ""), operator_);
    int promoted = book_.promoteFromWaitlist(appt->start.substr(0, 10), appt->vetId,
                                             [this](std::int64_t petId, std::int64_t apptId) {
                                                 out_ << "  waiting-list pet " << petId << " booked as " << apptId
                                                      << "\n";
                                             });
    return "cancelled " + std::to_string(id) + "; promoted " + std::to_string(promoted) + " from waiting list";
}

std::string ClinicManager::cmdCheckIn(const CommandArgs& args) {
    const std::int64_t id = args.id("appt");
    if (!book_.checkIn(id)) {
        return "appointment " + std::to_string(id) + " cannot be checked in";
    }
    auto row = db_.queryOne("SELECT p.name, p.id FROM appointments a JOIN pets p ON p.id = a.pet_id WHERE a.id = ?",
                            {static_cast<long long>(id)});
    std::string text = "checked in " + (row ? row->text(std::size_t{0}) : std::string("?"));
    if (row) {
        auto allergies = patients_.pets().allergiesFor(row->integer(std::size_t{1}));
        if (!allergies.empty()) {
            text += " -- ALLERGIES: " +
                    util::joinMapped(allergies, ", ", [](const patients::Allergy& a) { return a.substance; });
        }
    }
    return text;
}

std::string ClinicManager::cmdAgenda(const CommandArgs& args) {
    std::ostringstream out;
    const std::string date = args.get("date");
    for (const auto& line : book_.dayAgenda(date)) {
        out << line.start.substr(11) << "  " << util::padRight(line.petName + " (" + line.ownerName + ")", 28) << " "
            << util::padRight(line.vetName, 14) << " " << line.status << "\n";
    }
    std::string text = out.str();
    return text.empty() ? "no appointments on " + date : text;
}

std::string ClinicManager::cmdAddRoom(const CommandArgs& args) {
    return "room " + std::to_string(rooms_.addRoom(args.get("name"), args.get("kind", "exam")));
}

// ------------------------------------------------------------------ medical

std::string ClinicManager::cmdStartVisit(const CommandArgs& args) {
    std::int64_t recordId = records_.openForAppointment(args.id("appt"));
    return "chart " + std::to_string(recordId) + " opened";
}

std::string ClinicManager::cmdTreat(const CommandArgs& args) {
    medical::TreatmentLine line;
    line.description = args.get("what");
    line.quantity = args.number("qty", 1);
    line.fee = billing::Money::fromDouble(args.has("fee") ? args.decimal("fee") : 0.0);
    if (args.has("sku")) {
        auto item = inventory_.findBySku(args.get("sku"));
        if (!item) {
            throw CommandError("unknown sku " + args.get("sku"));
        }
        if (item->qtyOnHand < line.quantity) {
            return "only " + std::to_string(item->qtyOnHand) + " of " + item->name + " in stock";
        }
        line.itemId = item->id;
    }
    std::int64_t id = records_.addTreatment(args.id("chart"), line);
    return "treatment " + std::to_string(id) + " recorded";
}

std::string ClinicManager::cmdCloseVisit(const CommandArgs& args) {
    const std::int64_t chart = args.id("chart");
    auto record = records_.load(chart);
    if (!record) {
        throw CommandError("no chart " + std::to_string(chart));
    }
    if (!records_.close(chart, args.get("diagnosis"), args.get("notes", ""))) {
        return "chart " + std::to_string(chart) + " already closed";
    }
    book_.complete(record->appointmentId);
    if (args.has("kg")) {
        patients_.recordWeighIn(record->petId, args.decimal("kg"));
    }
    return "chart " + std::to_string(chart) + " closed, fees " + records_.treatmentTotal(chart).str();
}

std::string ClinicManager::cmdVaccinate(const CommandArgs& args) {
    const std::string given = args.get("date", billing::todayIso());
    if (!billing::isValidIsoDate(given)) {
        throw CommandError("bad date " + given);
    }
    std::int64_t id = vaccines_.record(args.id("pet"), args.id("vet"), args.get("vaccine"), given,
                                       args.number("months", 12), args.get("batch", ""));
    return "vaccination " + std::to_string(id) + " recorded";
}

std::string ClinicManager::cmdLabResult(const CommandArgs& args) {
    if (args.has("test")) {
        std::int64_t id = labs_.requestTest(args.id("chart"), args.get("test"));
        return "lab request " + std::to_string(id);
    }
    bool ok = labs_.storeResult(args.id("result"), args.decimal("value"), args.get("unit", ""),
                                args.has("low") ? args.decimal("low") : 0.0,
                                args.has("high") ? args.decimal("high") : 1e9);
    return ok ? "result stored" : "no such pending result";
}

// ------------------------------------------------------------------ pharmacy

std::string ClinicManager::cmdAddStock(const CommandArgs& args) {
    auto existing = inventory_.findBySku(args.get("sku"));
    if (existing) {
        inventory_.adjust(existing->id, args.number("qty", 0), "manual restock by " + operator_);
        return "restocked " + existing->name;
    }
    std::int64_t supplierId = 0;
    if (args.has("supplier")) {
        supplierId = inventory_.addSupplier(args.get("supplier"), args.get("supplier-phone", ""),
                                            args.number("lead-days", 3));
    }
    pharmacy::Item item;
    item.sku = args.get("sku");
    item.name = args.get("name");
    item.unitPrice = billing::Money::fromDouble(args.decimal("price"));
    item.qtyOnHand = args.number("qty", 0);
    item.reorderLevel = args.number("reorder", 5);
    item.controlled = args.get("controlled", "no") == "yes";
    item.supplierId = supplierId;
    return "item " + std::to_string(inventory_.addItem(item));
}

std::string ClinicManager::cmdPrescribe(const CommandArgs& args) {
    std::int64_t id = prescriptions_.prescribe(args.id("pet"), args.id("vet"), args.get("sku"), args.number("qty", 1),
                                               args.number("refills", 0), args.get("instructions", ""));
    return "prescription " + std::to_string(id);
}

std::string ClinicManager::cmdDispense(const CommandArgs& args) {
    const std::int64_t id = args.id("rx");
    bool ok = args.get("refill", "no") == "yes" ? prescriptions_.refill(id) : prescriptions_.dispense(id);
    return ok ? "dispensed " + std::to_string(id) : "prescription " + std::to_string(id) + " not dispensable";
}

std::string ClinicManager::cmdLowStock(const CommandArgs& /*args*/) {
    std::ostringstream out;
    for (const auto& item : inventory_.lowStock()) {
        out << item.sku << " " << util::padRight(item.name, 24) << " on hand " << item.qtyOnHand << " (reorder at "
            << item.reorderLevel << ")";
        if (item.supplierId > 0) {
            auto supplier = db_.queryOne("SELECT name, lead_time_days FROM suppliers WHERE id = ?",
                                         {static_cast<long long>(item.supplierId)});
            if (supplier) {
                out << " -> order from " << supplier->text(std::size_t{0}) << ", arrives "
                    << billing::addDays(billing::todayIso(), static_cast<int>(supplier->integer(std::size_t{1})));
            }
        }
        out << "\n";
    }
    std::string text = out.str();
    return text.empty() ? "stock levels fine" : text;
}

// ------------------------------------------------------------------ billing

std::string ClinicManager::cmdCheckout(const CommandArgs& args) {
    auto result = checkout_.checkout(args.id("appt"), operator_);
    auto invoice = invoices_.find(result.invoiceId);
    audit_.record("invoice", result.invoiceId, "issue", result.total.str(), operator_);
    return invoice ? invoices_.render(*invoice) : "invoice " + std::to_string(result.invoiceId);
}

std::string ClinicManager::cmdPay(const CommandArgs& args) {
    const std::int64_t invoiceId = args.id("invoice");
    billing::Money amount = args.has("amount") ? billing::Money::fromDouble(args.decimal("amount"))
                                               : payments_.balance(invoiceId);
    std::int64_t id = payments_.pay(invoiceId, amount, methodFrom(args.get("method", "cash")));
    std::ostringstream out;
    out << "payment " << id << " of " << amount << ", balance now " << payments_.balance(invoiceId);
    return out.str();
}

std::string ClinicManager::cmdRefund(const CommandArgs& args) {
    std::int64_t id = payments_.refund(args.id("payment"), billing::Money::fromDouble(args.decimal("amount")),
                                       args.get("why", ""));
    audit_.record("payment", args.id("payment"), "refund", args.get("amount"), operator_);
    return "refund " + std::to_string(id);
}

std::string ClinicManager::cmdVoidInvoice(const CommandArgs& args) {
    return invoices_.voidInvoice(args.id("invoice"), args.get("why", "voided at desk"), operator_) ? "voided"
                                                                                                     : "not voided";
}

// ------------------------------------------------------------------ staff

std::string ClinicManager::cmdHire(const CommandArgs& args) {
    staff::StaffMember member;
    member.firstName = args.get("first");
    member.lastName = args.get("last");
    member.role = staff::roleFromName(args.get("role"));
    member.licenseNo = args.get("license", "");
    member.hourlyRate = billing::Money::fromDouble(args.has("rate") ? args.decimal("rate") : 0.0);
    std::int64_t id = staff_.hire(member);
    audit_.record("staff", id, "hire", staff::roleName(member.role), operator_);
    return "staff " + std::to_string(id);
}

std::string ClinicManager::cmdShift(const CommandArgs& args) {
    std::int64_t id = shifts_.assign(args.id("staff"), args.get("date"), args.number("from", 8), args.number("to", 17),
                                     args.get("on-call", "no") == "yes");
    return id > 0 ? "shift " + std::to_string(id) : "shift overlaps";
}

std::string ClinicManager::cmdTerminate(const CommandArgs& args) {
    const std::int64_t id = args.id("staff");
    const std::int64_t cover = args.has("cover") ? args.id("cover") : 0;
    if (!staff_.terminate(id, args.get("why", ""), operator_)) {
        return "staff " + std::to_string(id) + " not active";
    }
    int moved = 0;
    if (cover > 0) {
        moved = db_.execute("UPDATE appointments SET vet_id = ? WHERE vet_id = ? AND status = 'booked' "
                            "AND start_time >= datetime('now')",
                            {static_cast<long long>(cover), static_cast<long long>(id)});
    }
    return "terminated " + std::to_string(id) + ", " + std::to_string(moved) + " appointments reassigned";
}

// ------------------------------------------------------------------ notifications

std::string ClinicManager::cmdSendReminders(const CommandArgs& args) {
    const std::string date = args.get("date", billing::todayIso());
    int queued = reminders_.queueVaccinationReminders(args.number("days", 30));
    queued += reminders_.queueAppointmentReminders(billing::addDays(date, 1));
    int failed = 0;
    int sent = reminders_.sendDue(date, [&](const notify::Reminder& reminder, bool ok) {
        if (!ok) {
            ++failed;
            audit_.record("reminder", reminder.id, "undeliverable", reminder.channel, operator_);
        }
    });
    return "queued " + std::to_string(queued) + ", sent " + std::to_string(sent) + ", failed " +
           std::to_string(failed);
}

}  // namespace vet
