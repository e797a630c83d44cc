import { aux, eq, flow, model, param, stock } from '@stockflow/model'
import type { NamedLoop, Scenario } from '@stockflow/model'

// The "involution doom loop" of industrial overcapacity, local-government debt and price wars
// (after Zongyuan Zoe Liu's essay; numbers follow the plain-Python reference model, see README.md).
// One stylised priority sector, loosely solar PV, 2010-2035. `units` is the sector's output unit,
// `money` is cost-adjusted yuan (a price of 1 is the 2010 full unit cost), time is in years.
// The logistic L(x) = 1/(1+e^(-clip(x,-50,50))) is written out wherever it is used.

// ---------------------------------------------------------------------------------------------
// Parameters: policy levers (all inactive before the policy year)

const policyYear = param('Policy Year', 2025, {
  units: 'year',
  doc: 'Year the policy levers of a scenario start to act',
  min: 2011,
  max: 2035,
})
const addedTariff = param('Added Tariff', 0, {
  units: '1',
  doc: 'Extra Western tariff (ad-valorem) imposed from the policy year',
  min: 0,
  max: 1,
})
const subsidyCut = param('Subsidy Cut', 0, {
  units: '1',
  doc: 'Fraction of production subsidies withdrawn, phased in over two years',
  min: 0,
  max: 1,
})
const creditTarget = param('Credit Target', 1.25, {
  units: '1',
  doc: 'Credit availability the party steers toward when the credit lever is on',
  min: 0.2,
  max: 2,
})
const creditTargetOn = param('Credit Target On', 0, {
  units: '1',
  doc: 'Switch (0/1): steer credit availability to the credit target from the policy year',
  min: 0,
  max: 1,
})
const consumptionBoost = param('Consumption Boost', 0, {
  units: '1',
  doc: 'Relative lift of domestic demand from household support, phased in over three years',
  min: 0,
  max: 1,
})
const exportRestraintOn = param('Export Restraint On', 0, {
  units: '1',
  doc: 'Switch (0/1): a voluntary export quota on foreign sales from the policy year',
  min: 0,
  max: 1,
})
const finalExportQuota = param('Final Export Quota', 0.45, {
  units: '1',
  doc: 'Quota as a share of foreign demand once the restraint is fully phased in',
  min: 0,
  max: 1,
})
const initialExportQuota = param('Initial Export Quota', 0.65, {
  units: '1',
  doc: 'Quota as a share of foreign demand when the restraint starts',
  min: 0,
  max: 1,
})
const quotaRent = param('Quota Rent', 0.15, {
  units: '1',
  doc: 'Price premium exporters earn on quota-limited sales',
  min: 0,
  max: 0.5,
})
const isolationTarget = param('Isolation Response Target', 0.5, {
  units: '1',
  doc: 'Isolation response the leadership aims for when that lever is on',
  min: 0,
  max: 2,
})
const isolationTargetOn = param('Isolation Response Target On', 0, {
  units: '1',
  doc: 'Switch (0/1): move the isolation response to its target from the policy year',
  min: 0,
  max: 1,
})
const consolidationRate = param('Consolidation Rate', 0, {
  units: '1/year',
  doc: 'Extra yearly exit rate of zombie capacity forced by consolidation; provinces also drop the sector',
  min: 0,
  max: 1,
})
const offshoringRate = param('Offshoring Rate', 0, {
  units: '1/year',
  doc: 'Share of healthy capacity moved abroad each year under the policy',
  min: 0,
  max: 0.2,
})
const isolationResponse = param('Isolation Response', 0.5, {
  units: '1',
  doc: 'How strongly trade barriers raise the self-sufficiency push on provinces',
  min: 0,
  max: 2,
})
const differentiationEffect = param('Differentiation Effectiveness', 1, {
  units: '1',
  doc: 'How much innovation R&D spending buys',
  min: 0,
  max: 2,
})
const debtSwapRate = param('Debt Swap Rate', 0, {
  units: '1/year',
  doc: 'Share of local-government debt taken over by the centre each year from the policy year',
  min: 0,
  max: 0.3,
})
const politicalCut = param('Political Investment Cut', 0, {
  units: '1',
  doc: 'How far government is separated from business: cuts tournament pressure and new designations',
  min: 0,
  max: 1,
})

// Demand

const initialDomesticDemand = param('Initial Domestic Demand', 25, {
  units: 'units/year',
  doc: 'Home-market demand for the product in 2010',
  min: 1,
  max: 100,
})
const saturatedDomesticDemand = param('Saturated Domestic Demand', 220, {
  units: 'units/year',
  doc: 'Ceiling the home market grows toward',
  min: 50,
  max: 1000,
})
const domesticDemandGrowth = param('Domestic Demand Growth', 0.28, {
  units: '1/year',
  doc: 'Early growth rate of the home market',
  min: 0,
  max: 1,
})
const initialForeignDemand = param('Initial Foreign Demand', 85, {
  units: 'units/year',
  doc: 'Rest-of-world demand for the product in 2010',
  min: 1,
  max: 300,
})
const saturatedForeignDemand = param('Saturated Foreign Demand', 700, {
  units: 'units/year',
  doc: 'Ceiling world demand outside China grows toward',
  min: 100,
  max: 3000,
})
const foreignDemandGrowth = param('Foreign Demand Growth', 0.17, {
  units: '1/year',
  doc: 'Early growth rate of foreign demand',
  min: 0,
  max: 1,
})
const domesticPriceElasticity = param('Domestic Price Elasticity', 0.3, {
  units: '1',
  doc: 'How much home demand rises when the price falls',
  min: 0,
  max: 2,
})
const referencePrice = param('Reference Price', 1, {
  units: 'money/units',
  doc: 'The price at which home demand equals its potential: the 2010 full unit cost, in which prices are measured',
  min: 0.5,
  max: 2,
})
const confidenceElasticity = param('Confidence Elasticity of Demand', 1, {
  units: '1',
  doc: 'How strongly consumer confidence scales home demand',
  min: 0,
  max: 3,
})
const foreignBreakEven = param('Foreign Break-even Price', 1.5, {
  units: 'money/units',
  doc: 'Price foreign producers need to break even; below it Chinese exports look like dumping',
  min: 0.5,
  max: 3,
})
const europeanDip = param('European Demand Dip', 0.3, {
  units: '1',
  doc: 'Temporary fall of foreign demand when European subsidies were cut in 2012-13',
  min: 0,
  max: 1,
})
const foreignDemandStep = param('Foreign Demand Step', 0, {
  units: '1',
  doc: 'Test input: relative step in foreign demand',
  min: -0.5,
  max: 1,
})
const foreignDemandStepYear = param('Foreign Demand Step Year', 2015, {
  units: 'year',
  doc: 'Year of the test step in foreign demand',
  min: 2010,
  max: 2035,
})
const exportPriceElasticity = param('Export Price Elasticity', 3, {
  units: '1',
  doc: 'How sharply China’s share of foreign markets responds to its landed price',
  min: 0,
  max: 6,
})
const innovationExportAppeal = param('Innovation Export Appeal', 0.5, {
  units: '1',
  doc: 'How much differentiation widens the export share',
  min: 0,
  max: 2,
})
const currencyOffset = param('Currency Offset of Tariffs', 0.3, {
  units: '1',
  doc: 'Share of a tariff absorbed by a weaker renminbi',
  min: 0,
  max: 1,
})
const transshipmentLeak = param('Transshipment Leakage', 0.2, {
  units: '1',
  doc: 'Share of a tariff dodged by routing goods through third countries',
  min: 0,
  max: 1,
})

// Production, inventory and price

const normalCoverage = param('Normal Inventory Coverage', 0.25, {
  units: 'year',
  doc: 'Inventory firms like to hold, in years of demand',
  min: 0.05,
  max: 1,
})
const minOrderTime = param('Minimum Order Processing Time', 0.04, {
  units: 'year',
  doc: 'Shortest time to ship an order from stock; sales fall short when inventory is thinner',
  min: 0.01,
  max: 0.2,
})
const maxUtilisation = param('Maximum Utilisation', 0.95, {
  units: '1',
  doc: 'Highest practical share of capacity that can run',
  min: 0.5,
  max: 1,
})
const markupSensitivity = param('Markup Sensitivity of Utilisation', 5, {
  units: '1',
  doc: 'Steepness of the merit-order curve: how fast lines shut as the markup thins',
  min: 0,
  max: 20,
})
const halfMarkup = param('Half-Utilisation Markup', 0.95, {
  units: '1',
  doc: 'Markup over variable cost at which half the maximum capacity is worth running',
  min: 0.5,
  max: 2,
})
const cashPush = param('Cash Push to Produce', 0.2, {
  units: '1',
  doc: 'How far financial stress pushes firms to run plants regardless of price to raise cash',
  min: 0,
  max: 1,
})
const halfStressDSR = param('Half-Stress Debt Service Ratio', 0.5, {
  units: '1',
  doc: 'Debt service ratio at which financial stress reaches one half',
  min: 0.05,
  max: 2,
})
const writedownTime = param('Inventory Write-down Time', 5, {
  units: 'year',
  doc: 'Average time before stored goods are scrapped or written off',
  min: 0.5,
  max: 20,
})
const utilisationTime = param('Utilisation Adjustment Time', 0.25, {
  units: 'year',
  doc: 'Time to ramp plant utilisation up or down',
  min: 0.05,
  max: 2,
})
const inventoryCorrectionTime = param('Inventory Correction Time', 0.5, {
  units: 'year',
  doc: 'Time over which production closes an inventory gap',
  min: 0.1,
  max: 3,
})
const overhangMarkup = param('Overhang Markup', 0.5, {
  units: '1',
  doc: 'Markup on variable cost the price anchor carries at the reference overhang',
  min: 0,
  max: 2,
})
const referenceOverhang = param('Reference Overhang', 1.2, {
  units: '1',
  doc: 'Capacity-to-demand ratio at which the price anchor carries its normal markup',
  min: 0.5,
  max: 3,
})
const overhangSensitivity = param('Overhang Sensitivity of Cost Anchor', 1.5, {
  units: '1',
  doc: 'How fast the markup in the price anchor shrinks as capacity outruns demand',
  min: 0,
  max: 5,
})
const unitVariableCost = param('Unit Variable Cost', 0.7, {
  units: 'money/units',
  doc: 'Variable cost of a unit at full utilisation',
  min: 0.2,
  max: 1.5,
})
const lowUtilisationSaving = param('Cost Saving at Low Utilisation', 0.25, {
  units: '1',
  doc: 'How much cheaper the marginal unit gets when only the best lines run',
  min: 0,
  max: 0.8,
})
const fixedCostRate = param('Fixed Cost per Capacity', 0.05, {
  units: 'money/units',
  doc: 'Fixed operating cost per unit of capacity at normal use',
  min: 0,
  max: 0.5,
})
const capacityBoundShare = param('Capacity-Bound Share of Fixed Cost', 0.3, {
  units: '1',
  doc: 'Share of fixed cost paid on installed capacity even when idle',
  min: 0,
  max: 1,
})
const normalUtilisation = param('Normal Utilisation', 0.85, {
  units: '1',
  doc: 'Utilisation planners assume when sizing capacity',
  min: 0.5,
  max: 1,
})
const priceTime = param('Price Adjustment Time', 1, {
  units: 'year',
  doc: 'Time for the market price to move to its indicated level',
  min: 0.1,
  max: 5,
})
const coverageSensitivity = param('Coverage Sensitivity of Price', 0.3, {
  units: '1',
  doc: 'How strongly excess inventory drags the price down',
  min: 0,
  max: 2,
})
const costWeight = param('Cost Weight in Price', 0.5, {
  units: '1',
  doc: 'Pull of the cost anchor on the indicated price',
  min: 0,
  max: 1,
})
const distressDiscount = param('Distress Discount', 0.1, {
  units: '1',
  doc: 'Price cut firms offer at full financial stress to raise cash',
  min: 0,
  max: 0.5,
})
const innovationPremium = param('Innovation Price Premium', 0.1, {
  units: '1',
  doc: 'How much differentiation lifts the price anchor',
  min: 0,
  max: 1,
})

// Firm finance

const baseSubsidyRate = param('Base Subsidy Rate', 0.06, {
  units: '1',
  doc: 'Production subsidies as a share of revenue before any cut',
  min: 0,
  max: 0.3,
})
const capitalCost = param('Capital Cost per Capacity', 0.6, {
  units: 'money*year/units',
  doc: 'Investment needed per unit of yearly capacity',
  min: 0.1,
  max: 3,
})
const capacityLife = param('Capacity Lifetime', 10, {
  units: 'year',
  doc: 'Average life of a production line',
  min: 3,
  max: 30,
})
const taxRate = param('Tax Rate', 0.08, {
  units: '1',
  doc: 'Taxes and fees on revenue before relief',
  min: 0,
  max: 0.3,
})
const taxRelief = param('Tax Relief Under Pressure', 0.4, {
  units: '1',
  doc: 'Share of taxes waived when tournament pressure is at its highest',
  min: 0,
  max: 1,
})
const baseInterestRate = param('Base Interest Rate', 0.04, {
  units: '1/year',
  doc: 'Firm borrowing rate with normal credit and moderate leverage',
  min: 0,
  max: 0.2,
})
const riskPremium = param('Leverage Risk Premium', 0.005, {
  units: '1/year^2',
  doc: 'Extra interest per year of revenue that debt exceeds one year of revenue',
  min: 0,
  max: 0.05,
})
const baseRDShare = param('Base R&D Share', 0.03, {
  units: '1',
  doc: 'R&D spending as a share of revenue at the reference margin',
  min: 0,
  max: 0.2,
})
const referenceMargin = param('Reference Margin', 0.15, {
  units: '1',
  doc: 'Cash margin firms regard as normal',
  min: 0.01,
  max: 0.5,
})
const rescueShare = param('Rescue Share of Losses', 0.2, {
  units: '1',
  doc: 'Share of cash shortfall that local governments and banks cover when they forbear',
  min: 0,
  max: 1,
})
const equityShare = param('Equity Share of Capex', 0.3, {
  units: '1',
  doc: 'Share of investment paid with equity rather than debt',
  min: 0,
  max: 1,
})
const payoutRatio = param('Dividend Payout', 0.5, {
  units: '1',
  doc: 'Share of net profit paid out to owners',
  min: 0,
  max: 1,
})
const payoutTime = param('Cash Payout Time', 1, {
  units: 'year',
  doc: 'Time to pay out surplus cash when firms hold net cash',
  min: 0.1,
  max: 5,
})
const amortisationTime = param('Debt Amortisation Time', 5, {
  units: 'year',
  doc: 'Average term over which firm debt must be repaid',
  min: 1,
  max: 20,
})
const writeoffMultiple = param('Write-off Multiple', 1.5, {
  units: '1',
  doc: 'Debt written off per unit of average debt per capacity, as zombies exit (zombies are more indebted)',
  min: 0,
  max: 5,
})
const guaranteedShare = param('Guaranteed Share of Write-offs', 0.3, {
  units: '1',
  doc: 'Share of written-off firm debt that falls on local-government guarantees',
  min: 0,
  max: 1,
})
const forbearancePropensity = param('Forbearance Propensity', 0.8, {
  units: '1',
  doc: 'Willingness of banks and officials to keep failing firms alive at normal credit',
  min: 0,
  max: 1,
})

// Zombies

const maxZombification = param('Maximum Zombification Rate', 0.25, {
  units: '1/year',
  doc: 'Highest yearly share of healthy capacity that turns zombie when interest cover collapses',
  min: 0,
  max: 1,
})
const coverSensitivity = param('Interest Cover Sensitivity', 2, {
  units: '1',
  doc: 'Steepness of the turn to and from zombie status around the cover thresholds',
  min: 0.1,
  max: 10,
})
const maxRecovery = param('Maximum Recovery Rate', 0.25, {
  units: '1/year',
  doc: 'Highest yearly share of zombie capacity that recovers when cover is ample',
  min: 0,
  max: 1,
})
const baseZombieExit = param('Base Zombie Exit Rate', 0.8, {
  units: '1/year',
  doc: 'Yearly bankruptcy rate of zombie capacity without forbearance',
  min: 0,
  max: 3,
})

// Capacity

const demandExpectationTime = param('Demand Expectation Time', 1, {
  units: 'year',
  doc: 'Time for planners to update expected demand',
  min: 0.1,
  max: 5,
})
const plannedGrowth = param('Planned Growth', 0.15, {
  units: '1/year',
  doc: 'Demand growth planners build ahead for',
  min: 0,
  max: 0.5,
})
const planningHorizon = param('Planning Horizon', 2, {
  units: 'year',
  doc: 'How many years ahead planners size capacity',
  min: 0,
  max: 10,
})
const marginSensitivity = param('Margin Sensitivity of Investment', 2, {
  units: '1',
  doc: 'How strongly perceived margins above or below normal change market-led investment',
  min: 0,
  max: 10,
})
const capacityAdjustmentTime = param('Capacity Adjustment Time', 1, {
  units: 'year',
  doc: 'Time over which starts close the gap to desired capacity',
  min: 0.25,
  max: 5,
})
const provincialShare = param('Provincial Capacity Share', 0.055, {
  units: '1/provinces',
  doc: 'Share of expected demand each prioritising province wants built at home',
  min: 0,
  max: 0.2,
})
const politicalWeight = param('Political Investment Weight', 1, {
  units: '1',
  doc: 'How much of the political capacity wish turns into plans',
  min: 0,
  max: 2,
})
const constructionTime = param('Construction Time', 1, {
  units: 'year',
  doc: 'Time to build a production line',
  min: 0.25,
  max: 5,
})
const lgfvShare = param('LGFV Share of Political Capex', 0.3, {
  units: '1',
  doc: 'Share of politically driven investment funded by local-government financing vehicles',
  min: 0,
  max: 1,
})
const halfBrakeDebtRatio = param('Half-Brake Debt Ratio', 12, {
  units: 'year',
  doc: 'Local debt-to-revenue ratio at which fiscal headroom for political investment halves',
  min: 1,
  max: 50,
})
const marginPerceptionTime = param('Margin Perception Time', 1, {
  units: 'year',
  doc: 'Time for firms and planners to perceive a change in margins',
  min: 0.1,
  max: 5,
})

// Provinces

const totalProvinces = param('Total Provinces', 34, {
  units: 'provinces',
  doc: 'Provincial-level units that can designate the sector a priority',
  min: 1,
  max: 50,
})
const campaignEntry = param('Campaign Entry Rate', 0.2, {
  units: '1/year',
  doc: 'Yearly chance that a province adopts the sector because of central campaigns',
  min: 0,
  max: 1,
})
const peerImitation = param('Peer Imitation', 2, {
  units: '1/year',
  doc: 'How fast provinces copy peers that already prioritise the sector',
  min: 0,
  max: 5,
})

// Local government

const initialBaseRevenue = param('Initial Base Revenue', 40, {
  units: 'money/year',
  doc: 'Local-government revenue from outside the sector in 2010',
  min: 5,
  max: 200,
})
const baseRevenueGrowth = param('Base Revenue Growth', 0.065, {
  units: '1/year',
  doc: 'Growth of revenue from outside the sector',
  min: 0,
  max: 0.2,
})
const landRevenueDrop = param('Land Revenue Drop', 0.2, {
  units: '1',
  doc: 'Share of base revenue lost when land sales slump in 2021-23',
  min: 0,
  max: 1,
})
const initialSocialSpending = param('Initial Social Spending', 42, {
  units: 'money/year',
  doc: 'Local social spending in 2010',
  min: 5,
  max: 200,
})
const socialSpendingGrowth = param('Social Spending Growth', 0.065, {
  units: '1/year',
  doc: 'Growth of local social spending',
  min: 0,
  max: 0.2,
})
const lgInterestRate = param('LG Interest Rate', 0.04, {
  units: '1/year',
  doc: 'Interest rate on local-government and LGFV debt',
  min: 0,
  max: 0.15,
})
const lossGivenDistress = param('Loss Given Distress', 0.11, {
  units: '1',
  doc: 'Share of local-government debt at risk if every firm in the sector were loss-making',
  min: 0,
  max: 1,
})
const marginDispersion = param('Margin Dispersion', 0.25, {
  units: '1',
  doc: 'Spread of margins across firms, which sets how many lose money at a given average',
  min: 0.01,
  max: 1,
})

// Confidence

const inflationEffect = param('Inflation Effect on Confidence', 4, {
  units: 'year',
  doc: 'How much confidence rises per point of inflation above background',
  min: 0,
  max: 20,
})
const backgroundInflation = param('Background Inflation', 0.02, {
  units: '1/year',
  doc: 'Inflation from the rest of the economy',
  min: -0.05,
  max: 0.1,
})
const sectorPriceWeight = param('Sector Price Weight in Inflation', 0.4, {
  units: '1',
  doc: 'How much the sector’s price change moves measured inflation',
  min: 0,
  max: 1,
})
const debtServiceEffect = param('Debt Service Effect on Confidence', 0.5, {
  units: '1',
  doc: 'How much confidence falls per point of debt service ratio above its reference',
  min: 0,
  max: 3,
})
const referenceDSR = param('Reference Debt Service Ratio', 0.3, {
  units: '1',
  doc: 'Debt service ratio above which households and firms feel squeezed',
  min: 0,
  max: 1,
})
const tradeTensionEffect = param('Trade Tension Effect on Confidence', 0.3, {
  units: '1',
  doc: 'How much confidence falls per unit of trade barriers',
  min: 0,
  max: 2,
})
const jobLossEffect = param('Job Loss Effect on Confidence', 2, {
  units: 'year',
  doc: 'How much confidence falls per unit of yearly capacity closed or moved abroad',
  min: 0,
  max: 10,
})
const confidenceTime = param('Confidence Adjustment Time', 1.5, {
  units: 'year',
  doc: 'Time for consumer confidence to follow its indicated level',
  min: 0.25,
  max: 5,
})

// Trade barriers and innovation

const tradeBarrierTime = param('Trade Barrier Adjustment Time', 1.5, {
  units: 'year',
  doc: 'Time for trade barriers to follow their indicated level',
  min: 0.25,
  max: 5,
})
const antidumpingResponse = param('Antidumping Response', 0.8, {
  units: '1',
  doc: 'How strongly importers answer a dumping margin with barriers, per unit of export share',
  min: 0,
  max: 3,
})
const innovationTime = param('Innovation Time', 5, {
  units: 'year',
  doc: 'Time for R&D to build or lose differentiation',
  min: 1,
  max: 20,
})

// ---------------------------------------------------------------------------------------------
// Stocks (initial values of 2010)

const healthyCapacity = stock('Healthy Capacity', {
  initial: 110,
  units: 'units/year',
  doc: 'Production lines run by firms that can cover their interest',
})
const zombieCapacity = stock('Zombie Capacity', {
  initial: 5,
  units: 'units/year',
  doc: 'Lines of insolvent firms kept alive by cheap credit and rescues',
})
const capacityUnderConstruction = stock('Capacity Under Construction', {
  initial: 30,
  units: 'units/year',
  doc: 'Lines started but not yet producing (the supply line)',
})
const inventory = stock('Inventory', { initial: 25, units: 'units', doc: 'Finished goods waiting to be sold' })
const price = stock('Price', {
  initial: 1.2,
  units: 'money/units',
  doc: 'Real market price, relative to the 2010 normal full cost',
})
const firmDebt = stock('Firm Net Debt', {
  initial: 60,
  units: 'money',
  doc: 'What the sector’s firms owe, net of cash',
})
const lgDebt = stock('Local Government Debt', {
  initial: 50,
  units: 'money',
  doc: 'Debt of local governments and their financing vehicles (LGFVs)',
})
const provinces = stock('Provinces Prioritising Sector', {
  initial: 3,
  units: 'provinces',
  doc: 'Provinces that have made the sector a local priority',
})
const tradeBarriers = stock('Trade Barriers', {
  initial: 0,
  units: '1',
  doc: 'Ad-valorem equivalent of foreign tariffs and antidumping duties on the sector',
})
const confidence = stock('Consumer Confidence', {
  initial: 1,
  units: '1',
  doc: 'Household willingness to spend, 1 being normal',
})
const perceivedMargin = stock('Perceived Margin', {
  initial: 0.12,
  units: '1',
  doc: 'Cash margin as firms and planners currently believe it to be',
})
const innovation = stock('Innovation', {
  initial: 1,
  units: '1',
  doc: 'Product differentiation built up by R&D, 1 being the 2010 level',
})
const expectedDemand = stock('Expected Demand', {
  initial: 100,
  units: 'units/year',
  doc: 'Demand planners expect, adapting to actual demand',
})
const utilisation = stock('Utilisation', {
  initial: 0.85,
  units: '1',
  doc: 'Share of installed capacity actually running',
})

// ---------------------------------------------------------------------------------------------
// Exogenous drivers and lever timing

const policySwitch = aux('Policy Switch', {
  equation: eq`STEP(1, ${policyYear})`,
  units: '1',
  doc: '1 from the policy year on, else 0',
})
const policyPhaseIn = aux('Policy Phase-in', {
  equation: eq`RAMP(1 / 2, ${policyYear}, ${policyYear} + 2)`,
  units: '1',
  doc: 'Share of a phased lever in force: rises from 0 to 1 over two years from the policy year',
})
const subsidyRate = aux('Subsidy Rate', {
  equation: eq`${baseSubsidyRate} * (1 - ${subsidyCut} * ${policyPhaseIn})`,
  units: '1',
  doc: 'Production subsidies paid as a share of revenue',
})
const campaignCredit = aux('Campaign Credit', {
  equation: eq`1 + 0.25 * STEP(1, 2021)`,
  units: '1',
  doc: 'Credit availability as history set it: normal, then the 2021 technology-loan drive',
})
const creditAvailability = aux('Credit Availability', {
  equation: eq`${campaignCredit} + ${creditTargetOn} * (${creditTarget} - ${campaignCredit}) * ${policyPhaseIn}`,
  units: '1',
  doc: 'How freely banks and LGFVs lend to the sector, 1 being normal',
})
const demandBoost = aux('Demand Boost', {
  equation: eq`${consumptionBoost} * RAMP(1 / 3, ${policyYear}, ${policyYear} + 3)`,
  units: '1',
  doc: 'Lift of home demand from the consumption policy as it phases in',
})
const exportRestraint = aux('Export Restraint', {
  equation: eq`${exportRestraintOn} * ${policySwitch}`,
  units: '1',
  doc: '1 while the voluntary export quota is in force',
})
const activeConsolidation = aux('Active Consolidation Rate', {
  equation: eq`${consolidationRate} * ${policySwitch}`,
  units: '1/year',
  doc: 'Forced zombie exit rate in force now',
})
const activeOffshoring = aux('Active Offshoring Rate', {
  equation: eq`${offshoringRate} * ${policySwitch}`,
  units: '1/year',
  doc: 'Offshoring rate in force now',
})
const potentialDomesticDemand = aux('Potential Domestic Demand', {
  equation: eq`${saturatedDomesticDemand} / (1 + (${saturatedDomesticDemand} - ${initialDomesticDemand}) / ${initialDomesticDemand} * EXP(-${domesticDemandGrowth} * (TIME - 2010)))`,
  units: 'units/year',
  doc: 'Home demand at normal price and confidence, saturating along an S-curve',
})
const foreignDemand = aux('Foreign Demand', {
  equation: eq`${saturatedForeignDemand} / (1 + (${saturatedForeignDemand} - ${initialForeignDemand}) / ${initialForeignDemand} * EXP(-${foreignDemandGrowth} * (TIME - 2010))) * (1 - ${europeanDip} * (RAMP(2, 2011.5, 2012) - RAMP(1, 2013, 2014))) * (1 + ${foreignDemandStep} * STEP(1, ${foreignDemandStepYear}))`,
  units: 'units/year',
  doc: 'World demand outside China, with the 2012-13 European dip',
})
const historicalTariffs = aux('Historical Tariffs', {
  equation: eq`0.1 * STEP(1, 2012.75) + 0.1 * STEP(1, 2018.5) + 0.15 * STEP(1, 2024.5)`,
  units: '1',
  doc: 'Tariffs already imposed: the 2012-13 antidumping duties, the 2018 Section 201/301 tariffs, the 2024 hikes',
})
const campaignPressure = aux('Campaign Pressure', {
  equation: eq`0.2 * STEP(1, 2015.25) + 0.3 * STEP(1, 2021)`,
  units: '1',
  doc: 'Central industrial campaigns: Made in China 2025, then the self-sufficiency and tech-loan drive',
})
const baseRevenue = aux('Base Revenue', {
  equation: eq`${initialBaseRevenue} * EXP(${baseRevenueGrowth} * (TIME - 2010)) * (1 - ${landRevenueDrop} * RAMP(1 / 2, 2021.5, 2023.5))`,
  units: 'money/year',
  doc: 'Local revenue from outside the sector, hit by the land-sale slump',
})

// ---------------------------------------------------------------------------------------------
// Demand, exports and sales

const totalCapacity = aux('Total Capacity', {
  equation: eq`${healthyCapacity} + ${zombieCapacity}`,
  units: 'units/year',
  doc: 'All installed capacity, healthy and zombie',
})
const zombieShare = aux('Zombie Share', {
  equation: eq`${zombieCapacity} / ${totalCapacity}`,
  units: '1',
  doc: 'Share of capacity held by zombie firms',
})
const domesticDemand = aux('Domestic Demand', {
  equation: eq`${potentialDomesticDemand} * (${price} / ${referencePrice}) ^ (-${domesticPriceElasticity}) * ${confidence} ^ ${confidenceElasticity} * (1 + ${demandBoost})`,
  units: 'units/year',
  doc: 'What Chinese households and firms buy at the current price and confidence',
})
const effectiveBarrier = aux('Effective Trade Barrier', {
  equation: eq`${tradeBarriers} * (1 - ${currencyOffset}) * (1 - ${transshipmentLeak})`,
  units: '1',
  doc: 'Tariff that actually bites after currency offset and transshipment',
})
const exportAttractiveness = aux('Export Attractiveness', {
  equation: eq`(${price} * (1 + ${effectiveBarrier}) / ${foreignBreakEven}) ^ (-${exportPriceElasticity}) * ${innovation} ^ ${innovationExportAppeal}`,
  units: '1',
  doc: 'Appeal of Chinese goods abroad against foreign rivals, from landed price and differentiation',
})
const exportShare = aux('Export Share', {
  equation: eq`${exportAttractiveness} / (1 + ${exportAttractiveness})`,
  units: '1',
  doc: 'China’s share of the foreign market',
})
const unconstrainedExports = aux('Unconstrained Exports', {
  equation: eq`${exportShare} * ${foreignDemand}`,
  units: 'units/year',
  doc: 'Exports foreign buyers would take without a quota',
})
const exportQuota = aux('Export Quota', {
  equation: eq`${initialExportQuota} + (${finalExportQuota} - ${initialExportQuota}) * RAMP(1 / 3, ${policyYear}, ${policyYear} + 3)`,
  units: '1',
  doc: 'Quota as a share of foreign demand, tightening over three years',
})
const exportsXD = aux('Exports', {
  equation: eq`if(${exportRestraint} > 0, MIN(${unconstrainedExports}, ${exportQuota} * ${foreignDemand}), ${unconstrainedExports})`,
  units: 'units/year',
  doc: 'Sales abroad, capped by the quota while the restraint is on',
})
const quotaRentEarned = aux('Quota Rent Earned', {
  equation: eq`${quotaRent} * ${exportRestraint} * if(${unconstrainedExports} > ${exportsXD}, 1, 0)`,
  units: '1',
  doc: 'Price premium on exports while the quota binds',
})
const totalDemand = aux('Total Demand', {
  equation: eq`${domesticDemand} + ${exportsXD}`,
  units: 'units/year',
  doc: 'Home plus export demand for Chinese output',
})

// Inventory flows

const sales = flow('Sales', {
  from: inventory,
  rate: eq`${totalDemand} * MIN(1, ${inventory} / (${minOrderTime} * ${totalDemand}))`,
  units: 'units/year',
  doc: 'Goods shipped to buyers; short of demand only when inventory runs thin',
})
const revenue = aux('Revenue', {
  equation: eq`${price} * ${sales} * (1 + ${quotaRentEarned} * ${exportsXD} / ${totalDemand})`,
  units: 'money/year',
  doc: 'Sales income, including any quota rent',
})
const firmInterestRate = aux('Firm Interest Rate', {
  equation: eq`${baseInterestRate} / ${creditAvailability} + ${riskPremium} * MAX(0, ${firmDebt} / ${revenue} - 1)`,
  units: '1/year',
  doc: 'Borrowing cost: cheaper when credit is loose, dearer when debt exceeds a year of revenue',
})
const firmInterest = flow('Firm Interest', {
  to: firmDebt,
  rate: eq`${firmInterestRate} * MAX(${firmDebt}, 0)`,
  units: 'money/year',
  doc: 'Interest the firms owe, added to their debt',
})
const debtServiceRatio = aux('Debt Service Ratio', {
  equation: eq`MAX(0, (${firmInterest} + MAX(0, ${firmDebt}) / ${amortisationTime}) / ${revenue})`,
  units: '1',
  doc: 'Interest plus scheduled repayment as a share of revenue',
})
const financialStress = aux('Financial Stress', {
  equation: eq`${debtServiceRatio} / (${debtServiceRatio} + ${halfStressDSR})`,
  units: '1',
  doc: 'How desperate firms are for cash, between 0 and 1',
})
const markup = aux('Markup', {
  equation: eq`${price} * (1 + ${subsidyRate}) / ${unitVariableCost}`,
  units: '1',
  doc: 'Price plus subsidy over variable cost',
})
const utilisationCeiling = aux('Utilisation Ceiling', {
  equation: eq`${maxUtilisation} / (1 + EXP(-MIN(MAX(${markupSensitivity} * (${markup} - ${halfMarkup}), -50), 50)))`,
  units: '1',
  doc: 'Share of lines worth running at this markup (merit-order supply curve)',
})
const desiredProduction = aux('Desired Production', {
  equation: eq`MAX(0, ${totalDemand} + ${inventory} / ${writedownTime} + (${normalCoverage} * ${totalDemand} - ${inventory}) / ${inventoryCorrectionTime})`,
  units: 'units/year',
  doc: 'Output that would meet demand, replace scrapped stock and close the inventory gap',
})
const marketUtilisation = aux('Market Utilisation', {
  equation: eq`MIN(${desiredProduction} / ${totalCapacity}, ${utilisationCeiling})`,
  units: '1',
  doc: 'Utilisation the market alone would justify',
})
const indicatedUtilisation = aux('Indicated Utilisation', {
  equation: eq`${marketUtilisation} + (${maxUtilisation} - ${marketUtilisation}) * ${cashPush} * ${financialStress}`,
  units: '1',
  doc: 'Utilisation firms aim for: the market level pushed up by the need for cash',
})
const production = flow('Production', {
  to: inventory,
  rate: eq`${utilisation} * ${totalCapacity}`,
  units: 'units/year',
  doc: 'Output of the running lines',
})
const inventoryWritedown = flow('Inventory Write-down', {
  from: inventory,
  rate: eq`${inventory} / ${writedownTime}`,
  units: 'units/year',
  doc: 'Stored goods scrapped or written off',
})

// Costs and margins

const effectiveVariableCost = aux('Effective Unit Variable Cost', {
  equation: eq`${unitVariableCost} * (1 - ${lowUtilisationSaving} * (1 - ${utilisation} / ${maxUtilisation}))`,
  units: 'money/units',
  doc: 'Average variable cost: lower when only the best lines run',
})
const variableCost = aux('Variable Cost', {
  equation: eq`${effectiveVariableCost} * ${production}`,
  units: 'money/year',
  doc: 'Yearly spending on materials, energy and labour',
})
const fixedCost = aux('Fixed Cost', {
  equation: eq`${fixedCostRate} * (${capacityBoundShare} * ${totalCapacity} + (1 - ${capacityBoundShare}) * ${production} / ${normalUtilisation})`,
  units: 'money/year',
  doc: 'Yearly overheads, partly owed on idle lines too',
})
const subsidies = flow('Subsidies', {
  to: lgDebt,
  rate: eq`${subsidyRate} * ${revenue}`,
  units: 'money/year',
  doc: 'Production subsidies local governments pay firms, adding to local debt',
})
const depreciation = aux('Depreciation', {
  equation: eq`${capitalCost} * ${totalCapacity} / ${capacityLife}`,
  units: 'money/year',
  doc: 'Wear of the capital stock in money terms',
})
const effectiveIsolation = aux('Effective Isolation Response', {
  equation: eq`${isolationResponse} + ${isolationTargetOn} * (${isolationTarget} - ${isolationResponse}) * ${policyPhaseIn}`,
  units: '1',
  doc: 'Isolation response in force, moved toward its target under a policy',
})
const tournamentPressure = aux('Tournament Pressure', {
  equation: eq`(1 + ${effectiveIsolation} * ${tradeBarriers}) * (1 + ${campaignPressure}) * (1 - ${politicalCut} * ${policyPhaseIn})`,
  units: '1',
  doc: 'Political push on officials to grow the sector: campaigns and the answer to isolation',
})
const taxes = aux('Taxes', {
  equation: eq`${taxRate} * (1 - ${taxRelief} * MIN(MAX(${tournamentPressure} - 1, 0), 1)) * ${revenue}`,
  units: 'money/year',
  doc: 'Taxes and fees firms pay, relieved when the push to grow is strong',
})
const rdShare = aux('R&D Share', {
  equation: eq`${baseRDShare} * (0.5 + 0.5 * MIN(MAX(${perceivedMargin} / ${referenceMargin}, 0), 2))`,
  units: '1',
  doc: 'Share of revenue firms spend on R&D, cut when margins look thin',
})
const rdSpending = aux('R&D Spending', {
  equation: eq`${rdShare} * ${revenue}`,
  units: 'money/year',
  doc: 'Yearly R&D outlay',
})
const ebitda = flow('EBITDA', {
  from: firmDebt,
  rate: eq`${revenue} + ${subsidies} - ${variableCost} - ${fixedCost} - ${taxes} - ${rdSpending}`,
  units: 'money/year',
  doc: 'Operating cash earnings, which pay down firm debt (and add to it when negative)',
})
const cashMargin = aux('Cash Margin', {
  equation: eq`(${ebitda} - ${firmInterest}) / ${revenue}`,
  units: '1',
  doc: 'Cash left after interest per unit of revenue',
})
const netMargin = aux('Net Margin', {
  equation: eq`(${ebitda} - ${firmInterest} - ${depreciation}) / ${revenue}`,
  units: '1',
  doc: 'Profit after interest and depreciation per unit of revenue',
})
const interestCover = aux('Interest Cover', {
  equation: eq`if(${firmInterest} > 1e-6, ${ebitda} / ${firmInterest}, 1e6)`,
  units: '1',
  doc: 'Operating earnings over interest; below 1 a firm cannot pay its interest',
})
const forbearance = aux('Forbearance Share', {
  equation: eq`MIN(0.95, ${forbearancePropensity} * ${creditAvailability} ^ 0.3)`,
  units: '1',
  doc: 'Share of failing firms that lenders and officials keep alive',
})
const firmRescues = flow('Firm Rescues', {
  from: firmDebt,
  to: lgDebt,
  rate: eq`${rescueShare} * ${forbearance} * MAX(0, ${firmInterest} - ${ebitda})`,
  units: 'money/year',
  doc: 'Cash shortfalls that local governments take over from firms',
})

// Capacity flows

const zombification = flow('Zombification', {
  from: healthyCapacity,
  to: zombieCapacity,
  rate: eq`${healthyCapacity} * ${maxZombification} / (1 + EXP(-MIN(MAX(-${coverSensitivity} * (${interestCover} - 1), -50), 50)))`,
  units: 'units/year/year',
  doc: 'Healthy lines whose owners can no longer cover interest and become zombies',
})
const recovery = flow('Recovery', {
  from: zombieCapacity,
  to: healthyCapacity,
  rate: eq`${zombieCapacity} * ${maxRecovery} / (1 + EXP(-MIN(MAX(${coverSensitivity} * (${interestCover} - 2), -50), 50)))`,
  units: 'units/year/year',
  doc: 'Zombie lines whose owners regain ample interest cover',
})
const zombieExits = flow('Zombie Bankruptcy Exits', {
  from: zombieCapacity,
  rate: eq`${zombieCapacity} * (${baseZombieExit} * (1 - ${forbearance}) + ${activeConsolidation})`,
  units: 'units/year/year',
  doc: 'Zombie lines closed by bankruptcy or forced consolidation',
})
const zombieRetirements = flow('Zombie Retirements', {
  from: zombieCapacity,
  rate: eq`${zombieCapacity} / ${capacityLife}`,
  units: 'units/year/year',
  doc: 'Zombie lines reaching the end of their life',
})
const healthyRetirements = flow('Healthy Retirements', {
  from: healthyCapacity,
  rate: eq`${healthyCapacity} / ${capacityLife}`,
  units: 'units/year/year',
  doc: 'Healthy lines reaching the end of their life',
})
const offshoring = flow('Offshoring', {
  from: healthyCapacity,
  rate: eq`${healthyCapacity} * ${activeOffshoring}`,
  units: 'units/year/year',
  doc: 'Healthy lines moved abroad under the policy',
})
const completions = flow('Capacity Completions', {
  from: capacityUnderConstruction,
  to: healthyCapacity,
  rate: eq`${capacityUnderConstruction} / ${constructionTime}`,
  units: 'units/year/year',
  doc: 'New lines that start producing',
})

// Local-government finance

const lgRevenue = flow('Local Government Revenue', {
  from: lgDebt,
  rate: eq`${taxes} + ${baseRevenue}`,
  units: 'money/year',
  doc: 'Taxes from the sector plus other local revenue, which service local debt',
})
const localDebtRatio = aux('Local Debt Ratio', {
  equation: eq`${lgDebt} / ${lgRevenue}`,
  units: 'year',
  doc: 'Local-government debt in years of revenue',
})
const fiscalHeadroom = aux('Fiscal Headroom', {
  equation: eq`1 / (1 + (${localDebtRatio} / ${halfBrakeDebtRatio}) ^ 2)`,
  units: '1',
  doc: 'Room local officials have left to fund projects, shrinking as debt mounts',
})

// Investment

const marketDesiredCapacity = aux('Market Desired Capacity', {
  equation: eq`${expectedDemand} * (1 + ${plannedGrowth} * ${planningHorizon}) / ${normalUtilisation} * EXP(${marginSensitivity} * (${perceivedMargin} - ${referenceMargin}))`,
  units: 'units/year',
  doc: 'Capacity profit-seeking firms would want for expected demand and margins',
})
const politicalDesiredCapacity = aux('Political Desired Capacity', {
  equation: eq`${provinces} * ${provincialShare} * ${expectedDemand} * ${tournamentPressure}`,
  units: 'units/year',
  doc: 'Capacity provinces want in total, each wanting its own share of the market',
})
const politicalGap = aux('Political Capacity Gap', {
  equation: eq`${politicalWeight} * ${fiscalHeadroom} * MAX(0, ${politicalDesiredCapacity} - ${marketDesiredCapacity})`,
  units: 'units/year',
  doc: 'Capacity wanted for political reasons beyond what the market justifies, as far as money allows',
})
const desiredCapacity = aux('Desired Capacity', {
  equation: eq`${marketDesiredCapacity} + ${politicalGap}`,
  units: 'units/year',
  doc: 'Capacity aimed for: the market level plus the political surplus',
})
const capacityStarts = flow('Capacity Starts', {
  to: capacityUnderConstruction,
  rate: eq`${creditAvailability} * MAX(0, ${totalCapacity} / ${capacityLife} + (${desiredCapacity} - ${totalCapacity} - ${capacityUnderConstruction}) / ${capacityAdjustmentTime})`,
  units: 'units/year/year',
  doc: 'New lines begun: replacement plus the gap to desired capacity net of the supply line, scaled by credit',
})
const politicalShare = aux('Political Share of Desired Capacity', {
  equation: eq`${politicalGap} / ${desiredCapacity}`,
  units: '1',
  doc: 'Part of desired capacity that is politically driven',
})
const capex = aux('Capex', {
  equation: eq`${capitalCost} * ${capacityStarts}`,
  units: 'money/year',
  doc: 'Investment spending on new lines',
})
const lgfvCapex = flow('LGFV Capex', {
  from: firmDebt,
  to: lgDebt,
  rate: eq`${lgfvShare} * ${politicalShare} * ${capex} * SAFEDIV(${subsidyRate}, ${baseSubsidyRate}, 0)`,
  units: 'money/year',
  doc: 'Investment funded by local-government vehicles instead of firm borrowing',
})
const debtFinancedCapex = flow('Debt-Financed Capex', {
  to: firmDebt,
  rate: eq`(1 - ${equityShare}) * ${capex}`,
  units: 'money/year',
  doc: 'Investment firms pay for by borrowing',
})
const debtWriteoffs = aux('Debt Write-offs', {
  equation: eq`${writeoffMultiple} * MAX(0, ${firmDebt}) * ${zombieExits} / ${totalCapacity}`,
  units: 'money/year',
  doc: 'Firm debt cancelled as zombie lines go bankrupt',
})
const guaranteedWriteoffs = flow('Guaranteed Write-offs', {
  from: firmDebt,
  to: lgDebt,
  rate: eq`${guaranteedShare} * ${debtWriteoffs}`,
  units: 'money/year',
  doc: 'Written-off firm debt that local-government guarantees must absorb',
})
const bankWriteoffs = flow('Bank Write-offs', {
  from: firmDebt,
  rate: eq`(1 - ${guaranteedShare}) * ${debtWriteoffs}`,
  units: 'money/year',
  doc: 'Written-off firm debt the banks absorb',
})
const dividends = flow('Dividends', {
  to: firmDebt,
  rate: eq`${payoutRatio} * MAX(0, ${ebitda} - ${firmInterest} - ${depreciation}) + MAX(0, -${firmDebt}) / ${payoutTime}`,
  units: 'money/year',
  doc: 'Profit and surplus cash paid out to owners',
})
const socialSpending = flow('Social Spending', {
  to: lgDebt,
  rate: eq`${initialSocialSpending} * EXP(${socialSpendingGrowth} * (TIME - 2010))`,
  units: 'money/year',
  doc: 'Local social-service spending',
})
const lgInterest = flow('LG Interest', {
  to: lgDebt,
  rate: eq`${lgInterestRate} * ${lgDebt}`,
  units: 'money/year',
  doc: 'Interest on local-government debt',
})
const debtSwap = flow('Central Debt Swap', {
  from: lgDebt,
  rate: eq`${debtSwapRate} * ${policySwitch} * ${lgDebt}`,
  units: 'money/year',
  doc: 'Local debt taken over by the central government under the policy',
})

// Provinces

const designations = flow('Provincial Designations', {
  to: provinces,
  rate: eq`(${totalProvinces} - ${provinces}) * (${campaignEntry} * STEP(1, 2010.5) * ${tournamentPressure} + ${peerImitation} * ${provinces} / ${totalProvinces}) * (1 - ${politicalCut} * ${policyPhaseIn}) * (1 - ${activeConsolidation} / (${activeConsolidation} + 0.1))`,
  units: 'provinces/year',
  doc: 'Provinces newly making the sector a priority, pushed by campaigns and by copying peers',
})
const dedesignations = flow('Provincial De-designations', {
  from: provinces,
  rate: eq`${provinces} * ${activeConsolidation}`,
  units: 'provinces/year',
  doc: 'Provinces dropping the sector as consolidation is enforced',
})

// Trade barriers

const indicatedBarriers = aux('Indicated Trade Barriers', {
  equation: eq`${historicalTariffs} + ${addedTariff} * STEP(1, ${policyYear}) + ${antidumpingResponse} * MAX(0, (${foreignBreakEven} - ${price}) / ${foreignBreakEven}) * ${exportShare} * (1 - 0.7 * ${exportRestraint})`,
  units: '1',
  doc: 'Barriers importers aim for: tariffs imposed plus the answer to dumping, softened by a quota',
})
const barrierChange = flow('Trade Barrier Change', {
  to: tradeBarriers,
  rate: eq`(${indicatedBarriers} - ${tradeBarriers}) / ${tradeBarrierTime}`,
  units: '1/year',
  doc: 'Barriers moving toward their indicated level',
})

// Price

const inventoryCoverage = aux('Inventory Coverage', {
  equation: eq`${inventory} / ${sales}`,
  units: 'year',
  doc: 'Years of sales held in stock',
})
const overhang = aux('Capacity Overhang', {
  equation: eq`${totalCapacity} / ${totalDemand}`,
  units: '1',
  doc: 'Capacity relative to demand for Chinese output',
})
const costAnchor = aux('Cost Anchor', {
  equation: eq`${unitVariableCost} * (1 - ${subsidyRate}) * (1 + ${overhangMarkup} * (${overhang} / ${referenceOverhang}) ^ (-${overhangSensitivity})) * ${innovation} ^ ${innovationPremium}`,
  units: 'money/units',
  doc: 'Price sellers anchor on: subsidised cost plus a markup that overcapacity erodes and differentiation restores',
})
const indicatedPrice = aux('Indicated Price', {
  equation: eq`${price} * (${inventoryCoverage} / ${normalCoverage}) ^ (-${coverageSensitivity}) * (${costAnchor} / ${price}) ^ ${costWeight} * (1 - ${distressDiscount} * ${financialStress})`,
  units: 'money/units',
  doc: 'Price the market heads for given inventory, the cost anchor and distress discounting',
})
const priceChange = flow('Price Change', {
  to: price,
  rate: eq`(${indicatedPrice} - ${price}) / ${priceTime}`,
  units: 'money/units/year',
  doc: 'Price moving toward its indicated level',
})

// Confidence

const inflation = aux('Inflation', {
  equation: eq`${backgroundInflation} + ${sectorPriceWeight} * ${priceChange} / ${price}`,
  units: '1/year',
  doc: 'Consumer inflation, dragged down when the sector’s prices fall',
})
const jobLossRate = aux('Job Loss Rate', {
  equation: eq`(${zombieExits} + ${offshoring}) / ${totalCapacity}`,
  units: '1/year',
  doc: 'Share of capacity closed by bankruptcy or moved abroad each year, a proxy for lost jobs',
})
const indicatedConfidence = aux('Indicated Confidence', {
  equation: eq`MIN(MAX(1 + ${inflationEffect} * (${inflation} - ${backgroundInflation}) - ${debtServiceEffect} * MAX(0, ${debtServiceRatio} - ${referenceDSR}) - ${tradeTensionEffect} * ${tradeBarriers} - ${jobLossEffect} * ${jobLossRate}, 0.3), 1.5)`,
  units: '1',
  doc: 'Confidence households are heading for given deflation, debt service, trade tension and job losses',
})
const confidenceChange = flow('Confidence Change', {
  to: confidence,
  rate: eq`(${indicatedConfidence} - ${confidence}) / ${confidenceTime}`,
  units: '1/year',
  doc: 'Confidence moving toward its indicated level',
})

// Perception, innovation, expectations, utilisation

const perceivedMarginChange = flow('Perceived Margin Change', {
  to: perceivedMargin,
  rate: eq`(${cashMargin} - ${perceivedMargin}) / ${marginPerceptionTime}`,
  units: '1/year',
  doc: 'Beliefs about margins catching up with the actual cash margin',
})
const innovationChange = flow('Innovation Change', {
  to: innovation,
  rate: eq`(${rdShare} / ${baseRDShare} * ${differentiationEffect} - ${innovation}) / ${innovationTime}`,
  units: '1/year',
  doc: 'Differentiation built by R&D above the base rate, or lost below it',
})
const expectedDemandChange = flow('Expected Demand Change', {
  to: expectedDemand,
  rate: eq`(${totalDemand} - ${expectedDemand}) / ${demandExpectationTime}`,
  units: 'units/year/year',
  doc: 'Planners updating expected demand toward actual demand',
})
const utilisationChange = flow('Utilisation Change', {
  to: utilisation,
  rate: eq`(${indicatedUtilisation} - ${utilisation}) / ${utilisationTime}`,
  units: '1/year',
  doc: 'Lines started up or shut down toward the indicated utilisation',
})

// ---------------------------------------------------------------------------------------------
// Reporting indicators

const capacityToWorldDemand = aux('Capacity to World Demand', {
  equation: eq`${totalCapacity} / (${potentialDomesticDemand} + ${foreignDemand})`,
  units: '1',
  doc: 'Chinese capacity over potential world demand; 2 means capacity could supply the world twice',
})
const firmDebtToRevenue = aux('Firm Debt to Revenue', {
  equation: eq`${firmDebt} / ${revenue}`,
  units: 'year',
  doc: 'Firm net debt in years of revenue (leverage)',
})
const unprofitableShare = aux('Unprofitable Share', {
  equation: eq`1 / (1 + EXP(-MIN(MAX(-1.7 * ${netMargin} / ${marginDispersion}, -50), 50)))`,
  units: '1',
  doc: 'Share of firms making a net loss, given the average net margin and its spread',
})
const lgDebtAtRisk = aux('LG Debt at Risk', {
  equation: eq`${lossGivenDistress} * ${unprofitableShare}`,
  units: '1',
  doc: 'Share of local-government debt exposed to loss-making firms',
})

// ---------------------------------------------------------------------------------------------
// Scenarios (policy year 2025) and the loop-knockout tests of the specification (README)

const scenarios: readonly Scenario[] = [
  { id: 'S0', name: 'Baseline', doc: 'History only: the status-quo overcapacity trap', set: {} },
  {
    id: 'S1',
    name: 'Tariff wall',
    doc: 'The West adds a 50% tariff without any deal',
    set: { 'Added Tariff': 0.5 },
  },
  {
    id: 'S2',
    name: 'Hard budget constraint',
    doc: 'Subsidies ended, credit tightened and government partly separated from business',
    set: { 'Subsidy Cut': 1, 'Credit Target': 0.8, 'Credit Target On': 1, 'Political Investment Cut': 0.3 },
  },
  {
    id: 'S3',
    name: 'Consumption boost',
    doc: 'Household demand lifted 30% over three years, nothing else changed',
    set: { 'Consumption Boost': 0.3 },
  },
  {
    id: 'S4',
    name: 'Export restraint plus consolidation',
    doc: 'A voluntary export quota, forced exit of zombies and some offshoring',
    set: { 'Export Restraint On': 1, 'Consolidation Rate': 0.25, 'Offshoring Rate': 0.03 },
  },
  {
    id: 'S5',
    name: 'Grand bargain',
    doc: 'S4 and S3 together with half the subsidies cut, politics half withdrawn and a calmer answer to isolation',
    set: {
      'Export Restraint On': 1,
      'Consolidation Rate': 0.25,
      'Offshoring Rate': 0.03,
      'Consumption Boost': 0.3,
      'Isolation Response Target': 0.2,
      'Isolation Response Target On': 1,
      'Subsidy Cut': 0.5,
      'Political Investment Cut': 0.5,
    },
  },
  {
    id: 'solar',
    name: 'Solar stress',
    doc: 'Harsher calibration closer to solar PV: more political duplication, a looser debt brake, less cash push',
    set: { 'Cash Push to Produce': 0.05, 'Provincial Capacity Share': 0.08, 'Half-Brake Debt Ratio': 20 },
  },
  {
    id: 'R1-off',
    name: 'R1 off',
    doc: 'Knockout: firms neither overproduce nor discount to raise cash',
    set: { 'Cash Push to Produce': 0, 'Distress Discount': 0 },
  },
  {
    id: 'R2-off',
    name: 'R2 off',
    doc: 'Knockout: provinces do not copy each other',
    set: { 'Peer Imitation': 0 },
  },
  {
    id: 'R3-off',
    name: 'R3 off',
    doc: 'Knockout: no forbearance, so zombies go bankrupt',
    set: { 'Forbearance Propensity': 0 },
  },
  {
    id: 'R5-off',
    name: 'R5 off',
    doc: 'Knockout: trade barriers do not feed the self-sufficiency push',
    set: { 'Isolation Response': 0 },
  },
  {
    id: 'B4-off',
    name: 'B4 off',
    doc: 'Knockout: local debt never brakes political investment',
    set: { 'Half-Brake Debt Ratio': 1e9 },
  },
  {
    id: 'market-only',
    name: 'Market only',
    doc: 'No political investment: capacity follows expected demand and margins alone',
    set: { 'Provincial Capacity Share': 0 },
  },
]

// ---------------------------------------------------------------------------------------------
// Named feedback loops (the essay's, as the README lists them), each variable a cause of the next and the last a cause of the first

const loops: readonly NamedLoop[] = [
  {
    id: 'R1',
    name: 'Produce to service debt',
    polarity: 'reinforcing',
    variables: [
      'Firm Net Debt',
      'Debt Service Ratio',
      'Financial Stress',
      'Indicated Utilisation',
      'Utilisation Change',
      'Utilisation',
      'Production',
      'Inventory',
      'Inventory Coverage',
      'Indicated Price',
      'Price Change',
      'Price',
      'Revenue',
      'EBITDA',
    ],
    story:
      'Indebted firms run plants flat out for cash; the glut lowers prices, earnings and repayments, so debt grows',
  },
  {
    id: 'R1b',
    name: 'Discount for cash',
    polarity: 'reinforcing',
    variables: [
      'Firm Net Debt',
      'Debt Service Ratio',
      'Financial Stress',
      'Indicated Price',
      'Price Change',
      'Price',
      'Revenue',
      'EBITDA',
    ],
    story: 'Stressed firms cut prices to raise cash, which thins earnings and deepens the debt',
  },
  {
    id: 'R2',
    name: 'Provincial GDP tournament',
    polarity: 'reinforcing',
    variables: ['Provinces Prioritising Sector', 'Provincial Designations'],
    story: 'Each province that backs the sector prods its peers to do the same, and each wants its own factories',
  },
  {
    id: 'R3',
    name: 'Zombie forbearance',
    polarity: 'reinforcing',
    variables: [
      'Zombie Capacity',
      'Total Capacity',
      'Capacity Overhang',
      'Cost Anchor',
      'Indicated Price',
      'Price Change',
      'Price',
      'Revenue',
      'EBITDA',
      'Interest Cover',
      'Zombification',
    ],
    story:
      'Zombies kept alive add to the glut, which squeezes healthy firms’ interest cover until they too turn zombie',
  },
  {
    id: 'R4',
    name: 'Local fiscal squeeze',
    polarity: 'reinforcing',
    variables: ['Local Government Debt', 'LG Interest'],
    story: 'Local debt pays interest with more debt, fed by rescues, guarantees and tax relief for the sector',
  },
  {
    id: 'R5',
    name: 'Isolation to self-sufficiency',
    polarity: 'reinforcing',
    variables: [
      'Total Capacity',
      'Capacity Overhang',
      'Cost Anchor',
      'Indicated Price',
      'Price Change',
      'Price',
      'Indicated Trade Barriers',
      'Trade Barrier Change',
      'Trade Barriers',
      'Tournament Pressure',
      'Political Desired Capacity',
      'Political Capacity Gap',
      'Desired Capacity',
      'Capacity Starts',
      'Capacity Under Construction',
      'Capacity Completions',
      'Healthy Capacity',
    ],
    story: 'Cheap exports invite barriers, which Beijing answers with a push for self-reliance and yet more capacity',
  },
  {
    id: 'R6',
    name: 'Deflationary confidence trap',
    polarity: 'reinforcing',
    variables: [
      'Price Change',
      'Inflation',
      'Indicated Confidence',
      'Confidence Change',
      'Consumer Confidence',
      'Domestic Demand',
      'Total Demand',
      'Sales',
      'Inventory',
      'Inventory Coverage',
      'Indicated Price',
    ],
    story: 'Falling prices sap confidence, households buy less, stock piles up and prices fall further',
  },
  {
    id: 'R7',
    name: 'Involution starves innovation',
    polarity: 'reinforcing',
    variables: [
      'Cash Margin',
      'Perceived Margin Change',
      'Perceived Margin',
      'R&D Share',
      'Innovation Change',
      'Innovation',
      'Cost Anchor',
      'Indicated Price',
      'Price Change',
      'Price',
      'Revenue',
      'EBITDA',
    ],
    story: 'Thin margins cut R&D, products converge, and undifferentiated goods only compete on price',
  },
  {
    id: 'B1',
    name: 'Price clears inventory',
    polarity: 'balancing',
    variables: [
      'Inventory',
      'Inventory Coverage',
      'Indicated Price',
      'Price Change',
      'Price',
      'Markup',
      'Utilisation Ceiling',
      'Market Utilisation',
      'Indicated Utilisation',
      'Utilisation Change',
      'Utilisation',
      'Production',
    ],
    story: 'A glut lowers the price until the costliest lines stop running and stock falls back',
  },
  {
    id: 'B2',
    name: 'Profit-led investment',
    polarity: 'balancing',
    variables: [
      'Total Capacity',
      'Capacity Overhang',
      'Cost Anchor',
      'Indicated Price',
      'Price Change',
      'Price',
      'Revenue',
      'EBITDA',
      'Cash Margin',
      'Perceived Margin Change',
      'Perceived Margin',
      'Market Desired Capacity',
      'Desired Capacity',
      'Capacity Starts',
      'Capacity Under Construction',
      'Capacity Completions',
      'Healthy Capacity',
    ],
    story: 'More capacity lowers margins, and market-minded investors then build less',
  },
  {
    id: 'B3',
    name: 'Creative destruction',
    polarity: 'balancing',
    variables: ['Zombie Capacity', 'Zombie Bankruptcy Exits'],
    story: 'Insolvent lines close and make room for the healthy; forbearance weakens it, consolidation strengthens it',
  },
  {
    id: 'B4',
    name: 'Local-debt brake',
    polarity: 'balancing',
    variables: [
      'Local Government Debt',
      'Local Debt Ratio',
      'Fiscal Headroom',
      'Political Capacity Gap',
      'Desired Capacity',
      'Capacity Starts',
      'Capex',
      'LGFV Capex',
    ],
    story: 'Mounting local debt leaves officials less money for pet projects, which slows new LGFV borrowing',
  },
  {
    id: 'B5',
    name: 'Trade defence',
    polarity: 'balancing',
    variables: [
      'Trade Barriers',
      'Effective Trade Barrier',
      'Export Attractiveness',
      'Export Share',
      'Indicated Trade Barriers',
      'Trade Barrier Change',
    ],
    story: 'Barriers shrink China’s share of foreign markets, which eases the pressure for more barriers',
  },
  {
    id: 'B6',
    name: 'Supply-line control',
    polarity: 'balancing',
    variables: ['Capacity Under Construction', 'Capacity Starts'],
    story: 'Planners count lines already being built and start fewer new ones',
  },
  {
    id: 'B7',
    name: 'Inventory control',
    polarity: 'balancing',
    variables: [
      'Inventory',
      'Desired Production',
      'Market Utilisation',
      'Indicated Utilisation',
      'Utilisation Change',
      'Utilisation',
      'Production',
    ],
    story: 'Full warehouses lower planned output until stock is back to normal',
  },
]

export default model('involution', {
  doc: 'The involution doom loop: political duplication of capacity, price wars, zombie firms and local-government debt in a priority sector (stylised on solar PV, 2010-2035).',
  time: { start: 2010, stop: 2035, dt: 1 / 32, saveper: 0.25, units: 'year' },
  elements: [
    // stocks
    healthyCapacity,
    zombieCapacity,
    capacityUnderConstruction,
    inventory,
    price,
    firmDebt,
    lgDebt,
    provinces,
    tradeBarriers,
    confidence,
    perceivedMargin,
    innovation,
    expectedDemand,
    utilisation,
    // flows
    capacityStarts,
    completions,
    zombification,
    recovery,
    healthyRetirements,
    offshoring,
    zombieExits,
    zombieRetirements,
    production,
    sales,
    inventoryWritedown,
    priceChange,
    debtFinancedCapex,
    firmInterest,
    dividends,
    ebitda,
    firmRescues,
    lgfvCapex,
    guaranteedWriteoffs,
    bankWriteoffs,
    subsidies,
    socialSpending,
    lgInterest,
    lgRevenue,
    debtSwap,
    designations,
    dedesignations,
    barrierChange,
    confidenceChange,
    perceivedMarginChange,
    innovationChange,
    expectedDemandChange,
    utilisationChange,
    // auxiliaries: reporting indicators
    capacityToWorldDemand,
    overhang,
    firmDebtToRevenue,
    localDebtRatio,
    unprofitableShare,
    lgDebtAtRisk,
    // auxiliaries: drivers and lever timing
    policySwitch,
    policyPhaseIn,
    subsidyRate,
    campaignCredit,
    creditAvailability,
    demandBoost,
    exportRestraint,
    activeConsolidation,
    activeOffshoring,
    potentialDomesticDemand,
    foreignDemand,
    historicalTariffs,
    campaignPressure,
    baseRevenue,
    // auxiliaries: market
    totalCapacity,
    zombieShare,
    domesticDemand,
    effectiveBarrier,
    exportAttractiveness,
    exportShare,
    unconstrainedExports,
    exportQuota,
    exportsXD,
    quotaRentEarned,
    totalDemand,
    revenue,
    firmInterestRate,
    debtServiceRatio,
    financialStress,
    markup,
    utilisationCeiling,
    desiredProduction,
    marketUtilisation,
    indicatedUtilisation,
    // auxiliaries: costs and margins
    effectiveVariableCost,
    variableCost,
    fixedCost,
    depreciation,
    effectiveIsolation,
    tournamentPressure,
    taxes,
    rdShare,
    rdSpending,
    cashMargin,
    netMargin,
    interestCover,
    forbearance,
    debtWriteoffs,
    // auxiliaries: investment and local finance
    fiscalHeadroom,
    marketDesiredCapacity,
    politicalDesiredCapacity,
    politicalGap,
    desiredCapacity,
    politicalShare,
    capex,
    // auxiliaries: trade, price, confidence
    indicatedBarriers,
    inventoryCoverage,
    costAnchor,
    indicatedPrice,
    inflation,
    jobLossRate,
    indicatedConfidence,
    // parameters: levers
    policyYear,
    addedTariff,
    subsidyCut,
    creditTarget,
    creditTargetOn,
    consumptionBoost,
    exportRestraintOn,
    finalExportQuota,
    initialExportQuota,
    quotaRent,
    isolationTarget,
    isolationTargetOn,
    consolidationRate,
    offshoringRate,
    isolationResponse,
    differentiationEffect,
    debtSwapRate,
    politicalCut,
    // parameters: demand
    initialDomesticDemand,
    saturatedDomesticDemand,
    domesticDemandGrowth,
    initialForeignDemand,
    saturatedForeignDemand,
    foreignDemandGrowth,
    domesticPriceElasticity,
    referencePrice,
    confidenceElasticity,
    foreignBreakEven,
    europeanDip,
    foreignDemandStep,
    foreignDemandStepYear,
    exportPriceElasticity,
    innovationExportAppeal,
    currencyOffset,
    transshipmentLeak,
    // parameters: production and price
    normalCoverage,
    minOrderTime,
    maxUtilisation,
    markupSensitivity,
    halfMarkup,
    cashPush,
    halfStressDSR,
    writedownTime,
    utilisationTime,
    inventoryCorrectionTime,
    overhangMarkup,
    referenceOverhang,
    overhangSensitivity,
    unitVariableCost,
    lowUtilisationSaving,
    fixedCostRate,
    capacityBoundShare,
    normalUtilisation,
    priceTime,
    coverageSensitivity,
    costWeight,
    distressDiscount,
    innovationPremium,
    // parameters: firm finance
    baseSubsidyRate,
    capitalCost,
    capacityLife,
    taxRate,
    taxRelief,
    baseInterestRate,
    riskPremium,
    baseRDShare,
    referenceMargin,
    rescueShare,
    equityShare,
    payoutRatio,
    payoutTime,
    amortisationTime,
    writeoffMultiple,
    guaranteedShare,
    forbearancePropensity,
    // parameters: zombies
    maxZombification,
    coverSensitivity,
    maxRecovery,
    baseZombieExit,
    // parameters: capacity
    demandExpectationTime,
    plannedGrowth,
    planningHorizon,
    marginSensitivity,
    capacityAdjustmentTime,
    provincialShare,
    politicalWeight,
    constructionTime,
    lgfvShare,
    halfBrakeDebtRatio,
    marginPerceptionTime,
    // parameters: provinces
    totalProvinces,
    campaignEntry,
    peerImitation,
    // parameters: local government
    initialBaseRevenue,
    baseRevenueGrowth,
    landRevenueDrop,
    initialSocialSpending,
    socialSpendingGrowth,
    lgInterestRate,
    lossGivenDistress,
    marginDispersion,
    // parameters: confidence
    inflationEffect,
    backgroundInflation,
    sectorPriceWeight,
    debtServiceEffect,
    referenceDSR,
    tradeTensionEffect,
    jobLossEffect,
    confidenceTime,
    // parameters: trade and innovation
    tradeBarrierTime,
    antidumpingResponse,
    innovationTime,
  ],
  scenarios,
  loops,
})
