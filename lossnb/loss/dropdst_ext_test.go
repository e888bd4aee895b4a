package loss_test

// Adapters for tests that want only the value (and error) of an XGrad or
// XElems call, which return their destinations first.

func gv(_ []float64, v float64, err error) (float64, error)     { return v, err }
func gv2(_, _ []float64, v float64, err error) (float64, error) { return v, err }
func ge(_ []float64, err error) error                           { return err }
