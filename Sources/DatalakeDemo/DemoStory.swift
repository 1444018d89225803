import Datalake
import Foundation

/// The stories behind the demo data: visitors run journeys, some become customers with
/// opportunities, orders, workflow executions and portal visits.
struct DemoStory {
    var rng: SeededRandom
    var events: [DemoEvent] = []
    private var seq = 0
    private var activityCounter = 0

    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    let org = DemoCatalog.orgID
    let start = DemoCatalog.historyStart
    let end = DemoCatalog.historyStart + Int64(Timestamp.days(year: 2026, month: 1, day: 1) - Timestamp.days(year: 2024, month: 1, day: 1)) * DemoStory.day

    init(rng: SeededRandom) { self.rng = rng }

    mutating func emit(_ dataset: Dataset, at time: Int64, _ object: [String: Any]) {
        guard time < end else { return }
        var o = object
        o["dataset"] = dataset.rawValue
        o["org_id"] = org
        events.append(DemoEvent(time: time, seq: seq, dataset: dataset, object: JSONObject(value: o)))
        seq += 1
    }

    mutating func run(scale: Double) {
        products()
        var t = start
        for month in 0..<DemoCatalog.months {
            let (y, m, _) = Timestamp.civil(t / Self.day)
            let nextMonth = Timestamp.days(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1) * Self.day
            let growth = 1 + Double(month) / Double(DemoCatalog.months)
            let season = 1 + 0.35 * sin(Double(m - 3) / 12 * 2 * Double.pi)
            let sessions = max(1, Int((60 * scale * growth * season).rounded()))
            for _ in 0..<sessions {
                journeySession(at: moment(from: t, to: nextMonth))
            }
            let manual = max(0, Int((10 * scale * growth).rounded()))
            for _ in 0..<manual {
                let at = moment(from: t, to: nextMonth, business: true)
                let line = rng.chance(0.6) ? "Wallbox" : "Energieausweis"
                customer(at: at, line: line, source: rng.pick(DemoCatalog.otherSources), sourceType: "manual", journeyID: nil)
            }
            t = nextMonth
        }
    }

    /// A moment between `from` and `to` at a realistic time of day (evenings for visitors,
    /// office hours on weekdays for `business`).
    mutating func moment(from: Int64, to: Int64, business: Bool = false) -> Int64 {
        let days = Int((to - from) / Self.day)
        var day = rng.int(0...max(0, days - 1))
        if business {
            // 1970-01-01 was a Thursday: weekday 0 = Monday.
            while (Int((from / Self.day) + Int64(day)) + 3) % 7 >= 5 { day = rng.int(0...max(0, days - 1)) }
        }
        let hours: [(Int, Double)] = business
            ? (8...17).map { ($0, 1.0) }
            : [(0, 0.3), (1, 0.15), (2, 0.1), (3, 0.08), (4, 0.08), (5, 0.15), (6, 0.4), (7, 0.8), (8, 1), (9, 1.1), (10, 1.1),
               (11, 1.1), (12, 1.2), (13, 1.1), (14, 1), (15, 1), (16, 1.1), (17, 1.3), (18, 1.5), (19, 1.8), (20, 1.9),
               (21, 1.6), (22, 1.1), (23, 0.6)]
        let hour = Int64(rng.weighted(hours))
        return from + Int64(day) * Self.day + hour * Self.hour + Int64(rng.int(0...3_599_999))
    }

    // MARK: Entities

    mutating func activityID() -> String {
        activityCounter += 1
        return StableHash.uuidString(Array("raven-activity-\(activityCounter)".utf8))
    }

    mutating func entity(_ op: String, schema: String, id: String, at time: Int64, _ detail: [String: Any]) {
        var d = detail
        d["_id"] = id
        d["_schema"] = schema
        d["_org"] = org
        d["_updated_at"] = Timestamp.format(time)
        emit(.entityOperations, at: time, [
            "activity_id": activityID(), "entity_id": id, "operation": op, "schema": schema,
            "timestamp": Timestamp.format(time), "detail": d,
        ])
    }

    mutating func products() {
        let t = start - 30 * Self.day
        for p in DemoCatalog.products {
            entity("createEntity", schema: "product", id: p.id, at: t, [
                "_title": p.name, "payload": ["name": p.name, "productLine": p.line, "price": ["amount": p.price, "currency": "EUR"]] as [String: Any],
            ])
        }
        let update = start + 400 * Self.day
        for p in DemoCatalog.products where p.line == "Wallbox" {
            entity("updateEntity", schema: "product", id: p.id, at: update, [
                "_title": p.name, "payload": ["name": p.name, "productLine": p.line, "price": ["amount": p.price - 100, "currency": "EUR"]] as [String: Any],
            ])
        }
    }

    // MARK: Journeys

    mutating func deviceDetails(embeddedIn: String, launcher: Bool) -> [String: Any] {
        let d = rng.weighted(DemoCatalog.devices)
        return [
            "deviceType": d.0, "osType": d.1, "browserTypeAndVersion": d.2, "screenResolution": d.3, "viewportSize": d.4,
            "colorDepth": 24, "languagePreference": rng.chance(0.9) ? "de-DE" : "en-GB",
            "ip": "\(rng.pick(["192.0.2", "198.51.100", "203.0.113"])).\(rng.int(1...254))",
            "embeddedIn": embeddedIn, "isLauncherJourney": launcher,
        ]
    }

    mutating func journeySession(at t0: Int64) {
        let journey = rng.chance(0.55) ? DemoCatalog.journeys[0] : DemoCatalog.journeys[1]
        let sessionID = rng.uuid()
        let details = deviceDetails(embeddedIn: journey.embeddedIn, launcher: rng.chance(0.2))
        let base: [String: Any] = ["id": sessionID, "journey_id": journey.id, "start_time": Timestamp.format(t0), "details": details]
        var first = base
        first["last_updated_at"] = Timestamp.format(t0)
        emit(.journeySessions, at: t0, first)
        let isMobile = (details["deviceType"] as? String) == "mobile"
        var t = t0
        func event(_ story: inout DemoStory, _ type: String, _ at: Int64, _ d: [String: Any]) {
            story.emit(.journeyEvents, at: at, ["id": story.rng.uuid(), "session_id": sessionID, "journey_id": journey.id,
                                                 "type": type, "details": d, "created_at": Timestamp.format(at)])
        }
        event(&self, "journey_load_time", t, ["loadTime": rng.int(isMobile ? 700...2600 : 300...1400), "stepName": journey.steps[0], "stepNumber": 1])
        let exitChance = [0.28, 0.16, 0.14, 0.22, 0.08]
        var submitted = false
        for (i, step) in journey.steps.enumerated() {
            t += Int64(rng.int(15...150)) * Self.second
            if rng.chance(exitChance[i] * (isMobile ? 1.2 : 1)) {
                event(&self, "journey_exit", t, ["stepName": step, "stepNumber": i + 1])
                break
            }
            if i + 1 < journey.steps.count {
                event(&self, "step_navigation", t, ["fromStepName": step, "fromStepNumber": i + 1,
                                                     "toStepName": journey.steps[i + 1], "toStepNumber": i + 2])
            } else {
                event(&self, "journey_submit", t, ["stepName": step, "stepNumber": i + 1])
                submitted = true
            }
        }
        var last = base
        last["end_time"] = Timestamp.format(t)
        last["last_updated_at"] = Timestamp.format(t)
        emit(.journeySessions, at: t, last)
        if submitted {
            customer(at: t + Self.second, line: journey.line, source: journey.name, sourceType: "journey", journeyID: journey.id)
        }
    }

    // MARK: Customers

    mutating func customer(at t0: Int64, line: String, source: String, sourceType: String, journeyID: String?) {
        let first = rng.pick(DemoCatalog.firstNames), last = rng.pick(DemoCatalog.lastNames)
        let (city, zip) = rng.pick(DemoCatalog.cities)
        let email = "\(first.lowercased()).\(last.lowercased())\(rng.int(1...99))@example.de"
            .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
        let contactID = rng.uuid()
        let address: [String: Any] = ["street": "\(rng.pick(DemoCatalog.streets)) \(rng.int(1...120))", "postalCode": zip, "city": city, "country": "DE"]
        entity("createEntity", schema: "contact", id: contactID, at: t0, [
            "_title": "\(first) \(last)", "payload": ["firstName": first, "lastName": last, "email": email, "address": [address]] as [String: Any],
        ])
        var accountID: String?
        if rng.chance(0.15) {
            let id = rng.uuid()
            accountID = id
            entity("createEntity", schema: "account", id: id, at: t0 + Self.second, [
                "_title": "\(last) Immobilien GmbH", "payload": ["name": "\(last) Immobilien GmbH", "contacts": [contactID]] as [String: Any],
            ])
        }
        let product = rng.pick(DemoCatalog.products.filter { $0.line == line })
        let oppID = rng.uuid()
        let title = "\(product.name) – \(first) \(last)"
        var payload: [String: Any] = [
            "source": ["title": source, "type": sourceType, "journeyId": journeyID ?? ""] as [String: Any],
            "productLine": line, "product": product.id, "value": ["amount": product.price, "currency": "EUR"] as [String: Any],
            "contact": contactID, "owner": rng.pick(DemoCatalog.employees),
        ]
        if let accountID { payload["account"] = accountID }
        if line == "Wallbox" { payload["vehicle"] = rng.pick(DemoCatalog.vehicles) } else { payload["buildingType"] = rng.pick(DemoCatalog.buildingTypes) }
        var t = t0 + 2 * Self.second
        func opp(_ s: inout DemoStory, _ op: String, _ stage: String, _ at: Int64, extra: [String: Any] = [:]) {
            var p = payload
            p["stage"] = stage
            for (k, v) in extra { p[k] = v }
            s.entity(op, schema: "opportunity", id: oppID, at: at, ["_title": title, "payload": p])
        }
        opp(&self, "createEntity", "new", t)
        t += Int64(rng.int(1...5)) * Self.day + Int64(rng.int(0...8)) * Self.hour
        opp(&self, "updateEntity", "qualified", t)
        t += Int64(rng.int(2...10)) * Self.day
        opp(&self, "updateEntity", "offer_sent", t)
        t += Int64(rng.int(2...21)) * Self.day
        guard rng.chance(0.58) else {
            opp(&self, "updateEntity", "lost", t, extra: ["lostReason": rng.pick(["Preis zu hoch", "Keine Rückmeldung", "Anderer Anbieter", "Projekt verschoben"])])
            if rng.chance(0.3) { entity("deleteEntity", schema: "opportunity", id: oppID, at: t + Int64(rng.int(30...90)) * Self.day, ["_title": title]) }
            if rng.chance(0.1) { entity("deleteEntity", schema: "contact", id: contactID, at: t + Int64(rng.int(60...200)) * Self.day, ["_title": "\(first) \(last)", "reason": "DSGVO Löschanfrage"]) }
            return
        }
        opp(&self, "updateEntity", "won", t)
        let orderID = rng.uuid()
        let orderNumber = "RE-\(Timestamp.format(t).prefix(4))-\(rng.int(10000...99999))"
        func order(_ s: inout DemoStory, _ op: String, _ status: String, _ at: Int64) {
            s.entity(op, schema: "order", id: orderID, at: at, ["_title": orderNumber, "payload": [
                "orderNumber": orderNumber, "status": status, "opportunity": oppID, "contact": contactID,
                "lineItems": [["product": product.id, "quantity": 1, "price": ["amount": product.price, "currency": "EUR"]]],
            ] as [String: Any]])
        }
        order(&self, "createEntity", "open", t + Self.minute)
        let workflow = line == "Wallbox" ? DemoCatalog.workflows[0] : DemoCatalog.workflows[1]
        let outcome = workflowExecution(workflow, at: t + 5 * Self.minute, contexts: [
            ["entity_id": contactID, "schema": "contact", "title": "\(first) \(last)"],
            ["entity_id": oppID, "schema": "opportunity", "title": title],
            ["entity_id": orderID, "schema": "order", "title": orderNumber],
        ], trigger: orderID)
        order(&self, "updateEntity", outcome.completed ? "completed" : "cancelled", outcome.at)
        portalVisits(from: t + Self.hour, email: email, sessions: rng.int(1...4), line: line)
    }

    // MARK: Workflows

    mutating func workflowExecution(_ wf: DemoCatalog.Workflow, at t0: Int64, contexts: [[String: Any]], trigger: String) -> (completed: Bool, at: Int64) {
        let executionID = rng.uuid()
        let assignees = rng.chance(0.3) ? [rng.pick(DemoCatalog.employees), rng.pick(DemoCatalog.employees)] : [rng.pick(DemoCatalog.employees)]
        let cancelAt: Int? = rng.chance(0.12) ? rng.int(0...(wf.phases.count - 1)) : nil
        var phases: [[String: Any]] = []
        var tasks: [[String: Any]] = []
        for (i, (name, taskNames)) in wf.phases.enumerated() {
            let phaseID = "\(executionID.prefix(8))-p\(i + 1)"
            phases.append(["id": phaseID, "name": name, "position": i + 1, "status": i == 0 ? "in_progress" : "pending", "started_at": i == 0 ? Timestamp.format(t0) : "", "completed_at": ""])
            for (k, task) in taskNames.enumerated() {
                tasks.append(["id": "\(phaseID)-t\(k + 1)", "phase_id": phaseID, "name": task, "status": "open",
                              "assignee": assignees[k % assignees.count], "due_date": Timestamp.format(t0 + Int64(7 * (i + 1)) * Self.day), "completed_at": ""])
            }
        }
        var version: UInt64 = 1
        var t = t0
        let due = t0 + Int64(wf.phases.count * 9) * Self.day
        func snapshot(_ s: inout DemoStory, status: String, completedAt: Int64?, reason: String = "", comment: String = "", by: String = "") {
            var o: [String: Any] = [
                "execution_id": executionID, "workflow_id": wf.id, "workflow_name": wf.name, "status": status,
                "assignees": assignees, "trigger_entity_id": trigger, "created_at": Timestamp.format(t0),
                "updated_at": Timestamp.format(t), "due_date": Timestamp.format(due), "version": version,
                "phases": phases, "tasks": tasks, "contexts": contexts,
                "closing_reason": reason, "closing_comment": comment, "closed_by": by,
            ]
            if let completedAt { o["completed_at"] = Timestamp.format(completedAt) }
            s.emit(.workflowExecutions, at: t, o)
            version += 1
        }
        snapshot(&self, status: "running", completedAt: nil)
        for i in 0..<wf.phases.count {
            let phaseID = phases[i]["id"] as? String ?? ""
            if cancelAt == i {
                t += Int64(rng.int(1...10)) * Self.day
                let reason = rng.pick(wf.cancellationReasons)
                phases[i]["status"] = "cancelled"
                snapshot(&self, status: "cancelled", completedAt: t, reason: reason, comment: "Ticket #\(rng.int(1000...9999))", by: assignees[0])
                return (false, t)
            }
            for k in tasks.indices where (tasks[k]["phase_id"] as? String) == phaseID {
                t += Int64(rng.int(4...72)) * Self.hour
                tasks[k]["status"] = "done"
                tasks[k]["completed_at"] = Timestamp.format(t)
            }
            phases[i]["status"] = "done"
            phases[i]["completed_at"] = Timestamp.format(t)
            if i + 1 < phases.count {
                phases[i + 1]["status"] = "in_progress"
                phases[i + 1]["started_at"] = Timestamp.format(t)
            }
            if wf.id == "wf-wallbox-installation", i == 1 { installerVisit(at: t + Self.hour) }
            snapshot(&self, status: i + 1 == phases.count ? "completed" : "running", completedAt: i + 1 == phases.count ? t : nil,
                     reason: i + 1 == phases.count ? "Erfolgreich abgeschlossen" : "", by: i + 1 == phases.count ? assignees[0] : "")
        }
        return (true, t)
    }

    // MARK: Portals

    static let customerEvents = ["contract_viewed", "meter_reading_submitted", "meter_reading_history_viewed", "invoice_viewed",
                                 "invoice_downloaded", "document_uploaded", "document_downloaded", "consumption_chart_viewed",
                                 "tariff_viewed", "user_profile_viewed", "user_profile_updated", "payment_method_updated",
                                 "installment_viewed", "order_viewed", "ticket_created", "message_sent", "feedback_submitted",
                                 "notification_settings_updated", "contract_downloaded", "search_performed"]
    static let installerEvents = ["order_viewed", "installation_scheduled", "document_uploaded", "installation_confirmed",
                                  "appointment_rescheduled", "message_sent", "document_list_viewed", "ticket_viewed"]

    mutating func portalSession(app: String, at t0: Int64, email: String, referrer: String, core: [String]) {
        let sessionID = rng.uuid()
        var details = deviceDetails(embeddedIn: "", launcher: false)
        details.removeValue(forKey: "embeddedIn")
        details.removeValue(forKey: "isLauncherJourney")
        details["email"] = email
        details["domainName"] = app == DemoCatalog.customerPortal ? "portal.raven-energy.de" : "partner.raven-energy.de"
        details["referrer"] = referrer
        let base: [String: Any] = ["id": sessionID, "app_name": app, "start_time": Timestamp.format(t0), "details": details]
        var first = base
        first["last_updated_at"] = Timestamp.format(t0)
        emit(.portalSessions, at: t0, first)
        var t = t0
        var page = "/dashboard"
        for type in core {
            t += Int64(rng.int(5...240)) * Self.second
            var d: [String: Any] = ["page": page]
            if type == "page_navigation" {
                let next = rng.pick(["/vertraege", "/rechnungen", "/zaehlerstand", "/dokumente", "/profil", "/auftraege"])
                d = ["fromPage": page, "toPage": next]
                page = next
            }
            if type == "meter_reading_submitted" { d["reading"] = rng.int(1000...60000); d["unit"] = "kWh" }
            if type == "document_uploaded" { d["documentType"] = rng.pick(["Foto Zählerschrank", "Abnahmeprotokoll", "Grundriss", "Rechnung"]) }
            emit(.portalEvents, at: t, ["id": rng.uuid(), "session_id": sessionID, "app_name": app, "type": type, "details": d, "created_at": Timestamp.format(t)])
        }
        var last = base
        last["end_time"] = Timestamp.format(t)
        last["last_updated_at"] = Timestamp.format(t)
        emit(.portalSessions, at: t, last)
    }

    mutating func portalVisits(from t0: Int64, email: String, sessions: Int, line: String) {
        var t = t0
        for i in 0..<sessions {
            var core: [String] = i == 0 ? ["user_registered", "user_email_verified", "user_logged_in", "dashboard_viewed"] : ["user_logged_in", "dashboard_viewed"]
            for _ in 0..<rng.int(1...5) {
                core.append("page_navigation")
                core.append(rng.pick(Self.customerEvents))
            }
            if rng.chance(0.7) { core.append("user_logged_out") }
            portalSession(app: DemoCatalog.customerPortal, at: t, email: email, referrer: rng.pick(["https://www.raven-energy.de/", "email", "https://www.google.com/", ""]), core: core)
            t += Int64(rng.int(5...90)) * Self.day
        }
    }

    /// `t` moved into working hours (07:00-18:00), the next morning if it is later.
    mutating func workingHours(_ t: Int64) -> Int64 {
        let hour = (t % Self.day) / Self.hour
        if (7..<18).contains(hour) { return t }
        let dayStart = t - t % Self.day + (hour >= 18 ? Self.day : 0)
        return dayStart + 7 * Self.hour + Int64(rng.int(0...(3 * 60 - 1))) * Self.minute
    }

    mutating func installerVisit(at visit: Int64) {
        let t0 = workingHours(visit)
        let installer = rng.pick(DemoCatalog.installers)
        let email = "disposition@" + installer.lowercased().filter { $0.isLetter } + ".de"
        var core = ["user_logged_in", "dashboard_viewed", "order_viewed"]
        for _ in 0..<rng.int(1...3) { core.append(rng.pick(Self.installerEvents)) }
        core.append("user_logged_out")
        portalSession(app: DemoCatalog.installerPortal, at: t0, email: email, referrer: "email", core: core)
    }
}
