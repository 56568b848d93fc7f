// vetclinic back office. Without arguments it creates a scratch database in
// a temporary directory and plays the demo script of a clinic day; with a
// file argument it reads commands from that file instead.
#include "billing/Money.hpp"
#include "clinic/ClinicManager.hpp"
#include "common/Config.hpp"
#include "common/Db.hpp"
#include "common/Logger.hpp"
#include "common/StringUtil.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef APP_VERSION
#define APP_VERSION "dev"
#endif
#ifndef VET_SCHEMA_PATH
#define VET_SCHEMA_PATH "schema.sql"
#endif

namespace {

std::vector<std::string> demoScript() {
    using vet::billing::addDays;
    const std::string today = vet::billing::todayIso();
    const std::string tomorrow = addDays(today, 1);
    return {
        "hire|first=Ada|last=Moreau|role=vet|license=VET-1001|rate=55",
        "hire|first=Ben|last=Okafor|role=vet|license=VET-1002|rate=52",
        "hire|first=Cleo|last=Ito|role=nurse|rate=30",
        "shift|staff=1|date=" + today + "|from=8|to=17",
        "shift|staff=2|date=" + today + "|from=12|to=20",
        "shift|staff=1|date=" + today + "|from=16|to=18",
        "add-room|name=Exam 1|kind=exam",
        "add-room|name=Exam 2|kind=exam",
        "add-room|name=Theatre|kind=surgery",
        "add-stock|sku=AMOX250|name=Amoxicillin 250mg|price=0.80|qty=200|reorder=50|supplier=VetPharma Ltd|"
        "supplier-phone=555-0100|lead-days=4",
        "add-stock|sku=MELOX|name=Meloxicam 1.5mg/ml|price=12.50|qty=6|reorder=5",
        "add-stock|sku=KETA|name=Ketamine 100mg/ml|price=30|qty=4|reorder=2|controlled=yes",
        "register|first=Maria|last=Lopez|phone=555-1234|email=maria@example.com|pet=Rex|species=Dog|"
        "breed=Labrador|born=2018-04-01|kg=31.5|allergy=penicillin",
        "register|first=Maria|last=Lopez|phone=555-1234|pet=Tom|species=Cat|kg=4.2",
        "register|first=John|last=Smith|phone=555-9876|channel=sms|pet=Bella|species=dog|kg=12",
        "register|first=Jon|last=Smith|phone=555-0000|pet=Coco|species=rabbit",
        "merge-owners|keep=2|drop=3",
        "profile|owner=1",
        "book|pet=1|vet=1|start=" + today + " 09:00|minutes=30|reason=Limping",
        "book|pet=2|vet=1|start=" + today + " 09:15|minutes=30|reason=Checkup",
        "book|pet=2|vet=1|start=" + today + " 09:30|minutes=30|reason=Checkup",
        "book|pet=3|vet=2|start=" + tomorrow + " 13:00|reason=Vaccination",
        "agenda|date=" + today,
        "checkin|appt=1",
        "start-visit|appt=1",
        "treat|chart=1|what=Examination|fee=20",
        "treat|chart=1|what=Meloxicam injection|sku=MELOX|qty=2|fee=5",
        "lab|chart=1|test=CBC",
        "lab|result=1|value=18.2|unit=10^9/L|low=6|high=17",
        "close-visit|chart=1|diagnosis=Soft tissue injury|kg=31",
        "vaccinate|pet=1|vet=1|vaccine=Rabies|date=" + addDays(today, -350) + "|months=12",
        "prescribe|pet=1|vet=1|sku=AMOX250|qty=20|refills=1|instructions=1 tablet twice daily",
        "dispense|rx=1",
        "prescribe|pet=1|vet=3|sku=KETA|qty=1",
        "checkout|appt=1",
        "pay|invoice=1|amount=30|method=card",
        "pay|invoice=1|method=cash",
        "refund|payment=1|amount=5|why=goodwill",
        "cancel|appt=2|why=owner ill",
        "low-stock",
        "remind|date=" + today + "|days=30",
        "daily-report|date=" + today,
        "dashboard",
        "debtors-csv",
        "terminate|staff=2|cover=1|why=relocation",
        "help",
    };
}

std::string makeScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/vetclinic-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        return ".";
    }
    return buffer.data();
}

}  // namespace

int main(int argc, char** argv) {
    ConfigReader& config = ConfigReader::global();
    if (const char* cfg = std::getenv("VETCLINIC_CONFIG")) {
        config.load(cfg);
    }
    vet::util::Logger::instance().setLevel(config.getBool("log.debug") ? vet::util::LogLevel::Debug
                                                                       : vet::util::LogLevel::Warn);
    std::cout << "vetclinic back office " << APP_VERSION << "\n";

    const std::string dir = config.getString("db.dir", makeScratchDir());
    const std::string dbPath = dir + "/clinic.db";
    try {
        vet::db::Db db(dbPath);
        vet::db::applySchemaFile(db, config.getString("db.schema", VET_SCHEMA_PATH));
        vet::ClinicManager desk(db, std::cout, config.getString("desk.operator", "frontdesk"));

        std::vector<std::string> script;
        if (argc > 1) {
            std::ifstream in(argv[1]);
            std::string line;
            while (std::getline(in, line)) {
                script.push_back(line);
            }
        } else {
            script = demoScript();
        }
        for (const auto& line : script) {
            std::string reply = desk.handleLine(line);
            if (reply.empty()) {
                continue;
            }
            std::cout << "> " << line << "\n" << reply;
            if (reply.back() != '\n') {
                std::cout << "\n";
            }
        }
        std::cout << "database: " << dbPath << "\n";
    } catch (const std::exception& e) {
        std::cerr << "fatal: " << e.what() << "\n";
        return 1;
    }
    return vet::util::Logger::instance().errorCount() == 0 ? 0 : 2;
}
