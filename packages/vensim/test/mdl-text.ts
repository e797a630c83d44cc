/** A `.mdl` file from equations, with the control section Vensim writes. */
export function mdl(equations: string, control = { initial: 0, final: 10, step: 1 }): string {
  return `{UTF-8}
${equations}
********************************************************
	.Control
********************************************************~
		Simulation Control Parameters
	|

FINAL TIME  = ${control.final}
	~	Month
	~	The final time for the simulation.
	|

INITIAL TIME  = ${control.initial}
	~	Month
	~	The initial time for the simulation.
	|

SAVEPER  = 
        TIME STEP
	~	Month [0,?]
	~	The frequency with which output is stored.
	|

TIME STEP  = ${control.step}
	~	Month [0,?]
	~	The time step for the simulation.
	|

\\\\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*View 1
///---\\\\\\
`
}
