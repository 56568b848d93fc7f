// The front desk. Every screen of the old terminal UI sends its command
// here; over the years each area grew a handler and some handlers grew
// their own SQL.
#pragma once

#include "billing/Checkout.hpp"
#include "billing/InvoiceService.hpp"
#include "billing/PaymentProcessor.hpp"
#include "clinic/CommandArgs.hpp"
#include "medical/LabResultStore.hpp"
#include "medical/MedicalRecordService.hpp"
#include "medical/VaccinationTracker.hpp"
#include "notify/ReminderService.hpp"
#include "patients/PatientService.hpp"
#include "pharmacy/Inventory.hpp"
#include "pharmacy/Prescription.hpp"
#include "reporting/AuditTrail.hpp"
#include "reporting/ReportBuilder.hpp"
#include "scheduling/AppointmentBook.hpp"
#include "staff/RoomAllocator.hpp"
#include "staff/ShiftPlanner.hpp"
#include "staff/StaffDirectory.hpp"

#include <functional>
#include <map>
#include <ostream>
#include <string>

namespace vet {

class ClinicManager {
public:
    using Handler = std::function<std::string(const CommandArgs&)>;

    ClinicManager(db::Db& db, std::ostream& out, std::string operatorName);

    // Runs one command line; returns the text shown to the user.
    std::string handleLine(const std::string& line);
    std::size_t commandCount() const { return handlers_.size(); }

    // --- patients
    std::string cmdRegisterClient(const CommandArgs& args);
    std::string cmdOwnerProfile(const CommandArgs& args);
    std::string cmdMergeOwners(const CommandArgs& args);
    // --- scheduling
    std::string cmdBook(const CommandArgs& args);
    std::string cmdCancel(const CommandArgs& args);
    std::string cmdCheckIn(const CommandArgs& args);
    std::string cmdAgenda(const CommandArgs& args);
    std::string cmdAddRoom(const CommandArgs& args);
    // --- medical
    std::string cmdStartVisit(const CommandArgs& args);
    std::string cmdTreat(const CommandArgs& args);
    std::string cmdCloseVisit(const CommandArgs& args);
    std::string cmdVaccinate(const CommandArgs& args);
    std::string cmdLabResult(const CommandArgs& args);
    // --- pharmacy
    std::string cmdAddStock(const CommandArgs& args);
    std::string cmdPrescribe(const CommandArgs& args);
    std::string cmdDispense(const CommandArgs& args);
    std::string cmdLowStock(const CommandArgs& args);
    // --- billing
    std::string cmdCheckout(const CommandArgs& args);
    std::string cmdPay(const CommandArgs& args);
    std::string cmdRefund(const CommandArgs& args);
    std::string cmdVoidInvoice(const CommandArgs& args);
    // --- staff
    std::string cmdHire(const CommandArgs& args);
    std::string cmdShift(const CommandArgs& args);
    std::string cmdTerminate(const CommandArgs& args);
    // --- notifications
    std::string cmdSendReminders(const CommandArgs& args);
    // --- reporting (ClinicManagerReports.cpp)
    std::string cmdDailyReport(const CommandArgs& args);
    std::string cmdDashboard(const CommandArgs& args);
    std::string cmdDebtorsCsv(const CommandArgs& args);

private:
    void registerHandlers();

    db::Db& db_;
    std::ostream& out_;
    std::string operator_;

    patients::PatientService patients_;
    scheduling::AppointmentBook book_;
    RoomAllocator rooms_;
    medical::MedicalRecordService records_;
    medical::VaccinationTracker vaccines_;
    LabResultStore labs_;
    pharmacy::InventoryManager inventory_;
    pharmacy::PrescriptionService prescriptions_;
    billing::InvoiceService invoices_;
    billing::PaymentProcessor payments_;
    billing::CheckoutService checkout_;
    staff::StaffDirectory staff_;
    staff::ShiftPlanner shifts_;
    notify::ReminderService reminders_;
    reporting::AuditTrail audit_;
    reporting::ReportBuilder reports_;

    std::map<std::string, Handler> handlers_;
};

}  // namespace vet
