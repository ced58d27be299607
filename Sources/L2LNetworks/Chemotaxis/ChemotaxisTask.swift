/// Chemotaxis: climbing one odour gradient with the same body, sensing and motor mapping as
/// foraging (``ConnectomeForaging``).
///
/// The worm starts in the centre of the arena with a random heading; one odour source sits 0.3–0.4
/// arena widths away in a random direction (``FoodPattern/peak``), its concentration
/// `C(x) = exp(−‖x − x_peak‖²/(2σ²))` with σ = `odourWidth` (the suggested task of
/// `shared/reference/models.md` §4; the ENOMAD repository plots σ = 220 in a 1,600-wide arena,
/// 0.14 arena widths). The source is not consumed. ASEL (ON) and ASER, AWCL, AWCR (OFF) see the
/// concentration change along the path, AWAL/AWAR the level at the left/right sensory points
/// (Izquierdo & Lockery 2010: an ON–OFF pair and neck motor neurons suffice for klinotaxis).
/// **Fitness**: the final closeness to the peak, `1 − d_final / diagonal`.
extension ForagingConfiguration {
    /// The chemotaxis setting: one non-consumable source of width 0.2, otherwise the defaults.
    public static var chemotaxis: ForagingConfiguration {
        var c = ForagingConfiguration()
        c.consumable = false
        c.foodCount = 1
        c.patterns = [.peak]
        c.odourWidth = 0.2
        c.shapingWeight = 0
        return c
    }
}
