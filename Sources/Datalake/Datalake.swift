import CHNative

/// The data lake built on CHNative: schemas, per-organisation views, ingestion, credentials.
public enum Datalake {
    /// The database that holds every dataset.
    public static let database = "datawarehouse"
}
