/** Small Vensim models for the tests of opening `.mdl` files (unit and browser): a sketch, and a data file read. */

/** A savings account: a stock, its inflow, a rate and deposits read from a CSV file; two sketch views. */
export const SAVINGS_MDL = String.raw`{UTF-8}
Savings= INTEG (
	Interest,
		100)
	~	Dollars
	~	Money in the account.
	|

Interest=
	Savings * Interest Rate + Deposits
	~	Dollars/Year
	~		|

Interest Rate=
	0.05
	~	1/Year [0,0.2]
	~		|

Deposits:=
	GET DIRECT DATA('deposits.csv', ',', 'A', 'B2')
	~	Dollars/Year
	~		|

********************************************************
	.Control
********************************************************~
		Simulation Control Parameters
	|

FINAL TIME  = 10
	~	Year
	~		|

INITIAL TIME  = 0
	~	Year
	~		|

SAVEPER  = 1
	~	Year [0,?]
	~		|

TIME STEP  = 0.25
	~	Year [0,?]
	~		|

\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*Account
$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|72,72,100,0
10,1,Savings,400,200,40,20,3,3,0,0,0,0,0,0
12,2,48,200,200,10,8,0,3,0,0,-1,0,0,0
1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(330,200)|
1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(240,200)|
11,5,48,290,200,6,8,34,3,0,0,1,0,0,0
10,6,Interest,290,216,30,8,40,3,0,0,-1,0,0,0
10,7,Interest Rate,290,120,40,8,8,3,0,0,0,0,0,0
1,8,7,6,0,0,0,0,0,64,0,-1--1--1,,1|(290,160)|
1,9,1,6,1,0,0,0,0,64,0,-1--1--1,,1|(340,260)|
\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*Deposits
$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|72,72,100,0
10,1,Deposits,100,100,40,8,8,3,0,0,0,0,0,0
10,2,Interest,300,100,30,8,8,3,0,0,0,0,0,0
1,3,1,2,0,0,0,0,0,64,0,-1--1--1,,1|(200,100)|
///---\\\
:L<%^E!@
`

/** What SAVINGS_MDL reads: deposits of 10 to 30 a year over ten years. */
export const DEPOSITS_CSV = 'time,deposits\n0,10\n5,20\n10,30\n'

/** The same model without its data variable and its second view: a model that needs no file. */
export const PLAIN_MDL = SAVINGS_MDL.replace(' + Deposits', '')
  .replace(/Deposits:=[^|]*\|\n\n/, '')
  .replace(/\\\\\\---\/\/\/[^\n]*\nV300[^\n]*\n\*Deposits[\s\S]*?(?=\/\/\/---)/, '')
