import Datalake
/// The fixed facts of the demo organisation "Raven Energy GmbH": products, journeys,
/// workflows, portals and the names its customers have.
public enum DemoCatalog {
    /// The demo organisation's id.
    public static let orgID = "raven"
    /// Its display name.
    public static let orgName = "Raven Energy GmbH"
    /// First day of the generated history (2024-01-01, UTC).
    public static let historyStart = Timestamp.days(year: 2024, month: 1, day: 1) * 86_400_000
    /// Number of generated months.
    public static let months = 24

    struct Product {
        let id: String
        let name: String
        let line: String
        let price: Int
    }

    struct Journey {
        let id: String
        let name: String
        let line: String
        let steps: [String]
        let embeddedIn: String
    }

    struct Workflow {
        let id: String
        let name: String
        let phases: [(String, [String])]
        let cancellationReasons: [String]
    }

    static let products = [
        Product(id: "prod-wallbox-home-11", name: "Wallbox Home 11 kW", line: "Wallbox", price: 1299),
        Product(id: "prod-wallbox-pro-22", name: "Wallbox Pro 22 kW", line: "Wallbox", price: 1899),
        Product(id: "prod-ea-verbrauch", name: "Energieausweis Verbrauchsausweis", line: "Energieausweis", price: 79),
        Product(id: "prod-ea-bedarf", name: "Energieausweis Bedarfsausweis", line: "Energieausweis", price: 349),
    ]

    static let journeys = [
        Journey(id: "jrn-wallbox-konfigurator", name: "Wallbox Konfigurator", line: "Wallbox",
                steps: ["Fahrzeug", "Wallbox wählen", "Installationsort", "Kontaktdaten", "Zusammenfassung"],
                embeddedIn: "https://www.raven-energy.de/wallbox"),
        Journey(id: "jrn-energieausweis", name: "Energieausweis bestellen", line: "Energieausweis",
                steps: ["Gebäudetyp", "Gebäudedaten", "Verbrauchsdaten", "Kontaktdaten", "Bestellung"],
                embeddedIn: "https://www.raven-energy.de/energieausweis"),
    ]

    static let workflows = [
        Workflow(id: "wf-wallbox-installation", name: "Wallbox Installation", phases: [
            ("Vorbereitung", ["Kunden kontaktieren", "Fotos des Installationsorts prüfen"]),
            ("Vor-Ort-Termin", ["Termin vereinbaren", "Elektrocheck durchführen"]),
            ("Installation", ["Wallbox montieren", "Netzbetreiber anmelden"]),
            ("Abnahme", ["Abnahmeprotokoll hochladen", "Rechnung stellen"]),
        ], cancellationReasons: ["Kunde hat storniert", "Technisch nicht machbar", "Keine Rückmeldung des Kunden", "Förderung abgelehnt"]),
        Workflow(id: "wf-energieausweis", name: "Energieausweis Erstellung", phases: [
            ("Datenprüfung", ["Unterlagen anfordern", "Angaben plausibilisieren"]),
            ("Berechnung", ["Energiebedarf berechnen"]),
            ("Ausstellung", ["Ausweis ausstellen", "Ausweis versenden"]),
        ], cancellationReasons: ["Kunde hat storniert", "Unterlagen unvollständig", "Doppelte Bestellung"]),
    ]

    static let otherSources = ["Website Kontaktformular", "Telefon", "Partner Empfehlung", "Messe"]
    static let employees = ["Anna Becker", "Jonas Weber", "Lea Hoffmann", "Felix Schäfer", "Mia Koch", "Paul Richter"]
    static let installers = ["Elektro Nord GmbH", "Volt & Co. KG", "Meister Elektrik Braun"]
    static let firstNames = ["Lukas", "Sophie", "Maximilian", "Marie", "Leon", "Emma", "Finn", "Hannah", "Elias", "Lina",
                             "Noah", "Mila", "Ben", "Clara", "Jonas", "Lea", "Tim", "Laura", "David", "Julia"]
    static let lastNames = ["Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
                            "Koch", "Bauer", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger"]
    static let cities = [("Hamburg", "20095"), ("Bremen", "28195"), ("Hannover", "30159"), ("Kiel", "24103"),
                         ("Lübeck", "23552"), ("Oldenburg", "26122"), ("Lüneburg", "21335"), ("Celle", "29221")]
    static let streets = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Schulstraße", "Am Deich", "Birkenweg"]
    static let vehicles = ["VW ID.3", "Tesla Model Y", "Hyundai Ioniq 5", "Skoda Enyaq", "BMW i4", "Renault Zoe"]
    static let buildingTypes = ["Einfamilienhaus", "Zweifamilienhaus", "Mehrfamilienhaus", "Reihenhaus"]

    static let customerPortal = "customer portal"
    static let installerPortal = "installer portal"

    static let devices: [((String, String, String, String, String), Double)] = [
        (("desktop", "Windows", "Chrome 124", "1920x1080", "1536x864"), 0.30),
        (("desktop", "macOS", "Safari 17.4", "2560x1440", "1440x900"), 0.12),
        (("desktop", "Windows", "Edge 124", "1920x1080", "1600x900"), 0.08),
        (("mobile", "iOS", "Safari 17.4", "1170x2532", "390x844"), 0.22),
        (("mobile", "Android", "Chrome 124", "1080x2400", "412x915"), 0.20),
        (("tablet", "iPadOS", "Safari 17.4", "1640x2360", "820x1180"), 0.05),
        (("desktop", "Linux", "Firefox 125", "1920x1200", "1920x1080"), 0.03),
    ]
}
